/// <reference types="vite/client" />
/**
 * The UI's languages: Serbian in Latin (default) and Cyrillic, and English. Every namespace is a
 * JSON file `src/shared/locales/<language>/<namespace>.json` (shared: the core words its files from them too), picked up here at build time: a feature adds
 * its strings by adding one file per language, nothing else. Plural keys follow the language's
 * Intl plural rules (Serbian: `_one`, `_few`, `_other`; English: `_one`, `_other`).
 *
 * Serbian Cyrillic is not kept by hand: `locales/sr-Cyrl/<namespace>.json` holds only the strings
 * whose Cyrillic is not the transliteration of the Latin, and the whole namespace is made from
 * sr-Latn here, the first time anything reads `resources['sr-Cyrl']` (shared/cyrillic-translations.ts;
 * the core makes its file words with the same function). Here rather than in a Vite plugin so that
 * the tests, the web host and the app all see the very same strings with no build step in between,
 * and the bundle carries the Latin once. On first use rather than at load because it is not free:
 * 1,707 strings took 153 ms cold and 15 ms warm in Node on a machine at load average 16 (two
 * cores shared by seven people), so Latin and English windows never pay it.
 */
import i18next, { type i18n, type Resource, type ResourceLanguage } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { cyrillicStrings, type Strings } from '../../shared/cyrillic-translations';
import type { Script } from '../../shared/script';

export const LANGUAGES = ['sr-Latn', 'sr-Cyrl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'sr-Latn';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * `{ language: { namespace: strings } }` from the paths of the locale files; sr-Cyrl is sr-Latn
 * transliterated with the sr-Cyrl files' exceptions laid over it.
 */
export function resourcesFrom(files: Record<string, Record<string, unknown>>): Resource {
  const resources: Record<string, ResourceLanguage> = {};
  for (const [file, strings] of Object.entries(files)) {
    const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
    if (!match) continue;
    const [, language = '', namespace = ''] = match;
    (resources[language] ??= {})[namespace] = strings;
  }
  const latin = resources['sr-Latn'] ?? {};
  const exceptions = resources['sr-Cyrl'] ?? {};
  let cyrillic: ResourceLanguage | undefined;
  // i18next keeps this object and reads a language only when it is in use (or is the fallback).
  Object.defineProperty(resources, 'sr-Cyrl', {
    enumerable: true,
    get: () =>
      (cyrillic ??= Object.fromEntries(
        Object.entries(latin).map(([namespace, strings]) => [
          namespace,
          cyrillicStrings(strings as Strings, (exceptions[namespace] ?? {}) as Strings),
        ]),
      )),
  });
  return resources;
}

export const resources = resourcesFrom(
  import.meta.glob<Record<string, unknown>>('../../shared/locales/*/*.json', {
    eager: true,
    import: 'default',
  }),
);

// sr-Cyrl has sr-Latn's namespaces by construction; not reading it here keeps it unmade until used.
export const namespaces = [
  ...new Set(
    LANGUAGES.filter((language) => language !== 'sr-Cyrl').flatMap((language) =>
      Object.keys(resources[language] ?? {}),
    ),
  ),
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
