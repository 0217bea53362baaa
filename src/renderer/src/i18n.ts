/// <reference types="vite/client" />
/**
 * The UI's languages: Serbian in Latin (default) and Cyrillic, and English. Every namespace is a
 * JSON file `locales/<language>/<namespace>.json`, picked up here at build time: a feature adds
 * its strings by adding one file per language, nothing else. Plural keys follow the language's
 * Intl plural rules (Serbian: `_one`, `_few`, `_other`; English: `_one`, `_other`).
 */
import i18next, { type i18n, type Resource, type ResourceLanguage } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Script } from '../../shared/script';

export const LANGUAGES = ['sr-Latn', 'sr-Cyrl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'sr-Latn';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** `{ language: { namespace: strings } }` from the paths of the locale files. */
export function resourcesFrom(files: Record<string, Record<string, unknown>>): Resource {
  const resources: Record<string, ResourceLanguage> = {};
  for (const [file, strings] of Object.entries(files)) {
    const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
    if (!match) continue;
    const [, language = '', namespace = ''] = match;
    (resources[language] ??= {})[namespace] = strings;
  }
  return resources;
}

export const resources = resourcesFrom(
  import.meta.glob<Record<string, unknown>>('./locales/*/*.json', { eager: true, import: 'default' }),
);

export const namespaces = [
  ...new Set(Object.values(resources).flatMap((byNamespace) => Object.keys(byNamespace))),
];

export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    supportedLngs: [...LANGUAGES],
    fallbackLng: DEFAULT_LANGUAGE,
    ns: namespaces,
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false, // the resources are bundled; render in the right language from the first frame
  });
  return instance;
}

/** The script names are shown in first: the UI's own script (English reads Latin). */
export function scriptOfLanguage(language: string): Script {
  return language === 'sr-Cyrl' ? 'cyrl' : 'latn';
}
