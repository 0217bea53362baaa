import { describe, expect, it } from 'vitest';
import { ClientCategory, DocumentKind, ResidenceStatus, Sex } from '../../src/shared/client';
import { ImportField } from '../../src/shared/contract/imports';
import { ErrorCode } from '../../src/shared/errors';
import { createI18n, LANGUAGES, namespaces, resources } from '../../src/renderer/src/i18n';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every string's key path in one namespace, `a.b.c`. */
function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

/**
 * A plural key's base and its suffixes, per namespace. A key counts as a plural form only when its
 * base also has a `_one` form, so an enum value such as `returnee_other` stays a plain key.
 */
function keyShapes(language: string, namespace: string) {
  const keys = keysOf(resources[language]?.[namespace]);
  const plural = new Map<string, Set<string>>();
  const plain = new Set<string>();
  for (const key of keys) {
    const match = PLURAL_SUFFIX.exec(key);
    const base = match ? key.slice(0, match.index) : null;
    if (match && base !== null && keys.includes(`${base}_one`)) {
      if (!plural.has(base)) plural.set(base, new Set());
      plural.get(base)?.add(match[1] ?? '');
    } else plain.add(key);
  }
  return { plain, plural };
}

describe('UI translations', () => {
  it('has the same namespaces in every language', () => {
    expect(namespaces).toEqual(expect.arrayContaining(['common', 'clients', 'errors', 'import', 'settings']));
    for (const language of LANGUAGES) {
      expect(Object.keys(resources[language] ?? {}).sort(), language).toEqual([...namespaces].sort());
    }
  });

  it('has every key in all three languages, with the plural forms each language needs', () => {
    for (const namespace of namespaces) {
      const reference = keyShapes('sr-Latn', namespace);
      for (const language of LANGUAGES) {
        const shapes = keyShapes(language, namespace);
        expect([...shapes.plain].sort(), `${language}/${namespace}`).toEqual([...reference.plain].sort());
        expect([...shapes.plural.keys()].sort(), `${language}/${namespace} plurals`).toEqual(
          [...reference.plural.keys()].sort(),
        );
        const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
        for (const [base, suffixes] of shapes.plural) {
          expect([...suffixes].sort(), `${language}/${namespace}:${base}`).toEqual([...categories].sort());
        }
      }
    }
  });

  it('counts clients the Serbian way: 1 klijent, 2 klijenta, 5 klijenata, 21 klijent', () => {
    const latin = createI18n('sr-Latn');
    expect([1, 2, 5, 11, 21, 22, 25].map((count) => latin.t('common:clientCount', { count }))).toEqual([
      '1 klijent',
      '2 klijenta',
      '5 klijenata',
      '11 klijenata',
      '21 klijent',
      '22 klijenta',
      '25 klijenata',
    ]);
    const cyrillic = createI18n('sr-Cyrl');
    expect([1, 2, 5, 21].map((count) => cyrillic.t('common:clientCount', { count }))).toEqual([
      '1 клијент',
      '2 клијента',
      '5 клијената',
      '21 клијент',
    ]);
    const english = createI18n('en');
    expect([1, 2, 21].map((count) => english.t('common:clientCount', { count }))).toEqual([
      '1 client',
      '2 clients',
      '21 clients',
    ]);
  });

  it('writes Serbian Cyrillic in Cyrillic, apart from keyboard keys, file formats and the product name', () => {
    const allowed =
      /\{\{[^}]*\}\}|MSC Desk|Ctrl\+K|Ctrl\+Enter|\bEnter\b|\bEsc\b|\.csv|\.xlsx|\b(CSV|XLSX|PDF|JSON|QR|IPS|KB|USB|JPEG|PNG)\b|UTF-8|UTF-16|Windows-125[01]|\bExcel\b/g;
    for (const namespace of namespaces) {
      const strings = resources['sr-Cyrl']?.[namespace];
      for (const key of keysOf(strings)) {
        if (key.startsWith('language.name.')) continue; // each language is named in its own script
        const value = key
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], strings);
        expect(String(value).replace(allowed, ''), `sr-Cyrl/${namespace}:${key}`).not.toMatch(
          /\p{Script=Latin}/u,
        );
      }
    }
  });

  it('names every error code and every value a person can choose, in every language', () => {
    for (const language of LANGUAGES) {
      const i18n = createI18n(language);
      const missing = (key: string) => !i18n.exists(key);
      expect(ErrorCode.options.map((code) => `errors:code.${code}`).filter(missing), language).toEqual([]);
      const enumKeys = [
        ...ClientCategory.options.map((value) => `clients:category.${value}`),
        ...Sex.options.map((value) => `clients:sex.${value}`),
        ...ResidenceStatus.options.map((value) => `clients:residenceStatus.${value}`),
        ...DocumentKind.options.map((value) => `clients:documentKind.${value}`),
        ...ImportField.options.map((value) => `import:field.${value}`),
      ];
      expect(enumKeys.filter(missing), language).toEqual([]);
    }
  });
});
