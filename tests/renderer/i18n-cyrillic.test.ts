import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import i18next from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import { LANGUAGES, resources, resourcesFrom } from '../../src/renderer/src/i18n';
import {
  cyrillicStrings,
  redundantExceptions,
  translationToCyrillic,
  type Strings,
} from '../../src/shared/cyrillic-translations';

const LOCALES = path.resolve(import.meta.dirname, '../../src/shared/locales');
const file = (language: string, namespace: string) =>
  JSON.parse(fs.readFileSync(path.join(LOCALES, language, `${namespace}.json`), 'utf8')) as Strings;
const namespacesOf = (language: string) =>
  fs
    .readdirSync(path.join(LOCALES, language))
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.replace(/\.json$/, ''));

/** Every string of a namespace as `[key path, value]`. */
function leaves(value: Strings | string, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) => leaves(inner, prefix ? `${prefix}.${key}` : key));
}

/** What must come through transliteration untouched: placeholders, nesting and tags, in order. */
const markup = (text: string) => text.match(/\{\{[^}]*\}\}|\$t\([^)]*\)|<\/?[A-Za-z][^<>]*>/g) ?? [];

describe('Serbian Cyrillic made from Serbian Latin', () => {
  const latinNamespaces = namespacesOf('sr-Latn');

  it('has an sr-Cyrl file (of exceptions) for every namespace, and none besides', () => {
    expect(namespacesOf('sr-Cyrl').sort()).toEqual([...latinNamespaces].sort());
  });

  it('gives every sr-Latn key a Cyrillic value, with the same placeholders, and no other key', () => {
    for (const namespace of latinNamespaces) {
      const latin = new Map(leaves(file('sr-Latn', namespace)));
      const cyrillic = new Map(leaves(resources['sr-Cyrl']?.[namespace] as Strings));
      expect([...cyrillic.keys()], namespace).toEqual([...latin.keys()]);
      for (const [key, value] of latin) {
        const made = cyrillic.get(key) ?? '';
        expect(made, `${namespace}:${key}`).not.toBe('');
        expect(markup(made), `${namespace}:${key}`).toEqual(markup(value));
      }
    }
  });

  it('keeps only exceptions that differ from the transliteration and name a Latin key', () => {
    for (const namespace of latinNamespaces) {
      expect(redundantExceptions(file('sr-Latn', namespace), file('sr-Cyrl', namespace)), namespace).toEqual(
        [],
      );
    }
  });

  it('names a redundant or stale exception by its key', () => {
    const latin = { a: { b: 'Odjava', c: 'USB' }, d: 'Srpski' };
    const exceptions = { a: { b: 'Одјава', c: 'USB' }, d: 'Srpski', gone: 'x' };
    expect(redundantExceptions(latin, exceptions)).toEqual(['a.b', 'gone']);
    expect(cyrillicStrings(latin, exceptions)).toEqual({ a: { b: 'Одјава', c: 'USB' }, d: 'Srpski' });
  });

  it('writes the words in Cyrillic and leaves placeholders, tags, keys and file formats as they are', () => {
    expect(translationToCyrillic('{{count}} klijenata, <strong>{{name}}</strong>')).toBe(
      '{{count}} клијената, <strong>{{name}}</strong>',
    );
    expect(translationToCyrillic('Odjavi se, odjednom')).toBe('Одјави се, одједном');
    expect(translationToCyrillic('/ ili Ctrl+K — pretraga · Enter čuva · Esc')).toBe(
      '/ или Ctrl+K — претрага · Enter чува · Esc',
    );
    expect(
      translationToCyrillic('PDF, JPEG ili PNG; Excel (XLSX), .csv, UTF-8, Windows-1250, 20 KB, 20 MB'),
    ).toBe('PDF, JPEG или PNG; Excel (XLSX), .csv, UTF-8, Windows-1250, 20 KB, 20 МБ');
    expect(translationToCyrillic('MSC Desk, USB memorija, Linux i Windows, $t(common:save)')).toBe(
      'MSC Desk, УСБ меморија, Линукс и Виндоус, $t(common:save)',
    );
  });

  it('keeps every placeholder of any string, and its number of them, whatever surrounds it', () => {
    const name = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.]{0,12}$/);
    const placeholder = name.map((key) => `{{${key}}}`);
    const word = fc.constantFrom(
      'klijent',
      'Odjava',
      'džep',
      'LJUBAV',
      'Ćirilica',
      'USB',
      'PDF',
      ' ',
      ', ',
      '—',
    );
    const text = fc.array(fc.oneof(placeholder, word, fc.string({ maxLength: 6 })), { maxLength: 12 });
    fc.assert(
      fc.property(text, (parts) => {
        const latin = parts.join('');
        // A placeholder can only be cut by text that itself contains braces.
        fc.pre(!/[{}]/.test(latin.replace(/\{\{[a-zA-Z][a-zA-Z0-9_.]*\}\}/g, '')));
        expect(markup(translationToCyrillic(latin))).toEqual(markup(latin));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves no Latin letter in the generated Cyrillic but kept words and placeholders', () => {
    const allowed =
      /\{\{[^}]*\}\}|MSC Desk|Ctrl\+K|Ctrl\+Enter|\bEnter\b|\bEsc\b|\.csv|\.xlsx|\b(CSV|XLSX|PDF|JSON|QR|IPS|KB|USB|JPEG|PNG)\b|UTF-8|UTF-16|Windows-125[01]|\bExcel\b/g;
    for (const namespace of latinNamespaces) {
      for (const [key, value] of leaves(resources['sr-Cyrl']?.[namespace] as Strings)) {
        if (key.startsWith('language.name.')) continue; // each language is named in its own script
        expect(value.replace(allowed, ''), `sr-Cyrl/${namespace}:${key}`).not.toMatch(/\p{Script=Latin}/u);
      }
    }
  });

  it('makes the Cyrillic once, when it is first read, and i18next reads it only when it is in use', async () => {
    const made = resourcesFrom({
      './locales/sr-Latn/a.json': { x: 'Odjava' },
      './locales/sr-Cyrl/a.json': {},
      './locales/en/a.json': { x: 'Sign out' },
    });
    expect(Object.getOwnPropertyDescriptor(made, 'sr-Cyrl')?.get).toBeTypeOf('function');
    expect(made['sr-Cyrl']).toBe(made['sr-Cyrl']);
    expect(made['sr-Cyrl']).toEqual({ a: { x: 'Одјава' } });

    const read = vi.fn(() => ({ a: { x: 'Одјава' } }));
    const lazy = { 'sr-Latn': { a: { x: 'Odjava' } }, en: { a: { x: 'Sign out' } } };
    Object.defineProperty(lazy, 'sr-Cyrl', { enumerable: true, get: read });
    const instance = i18next.createInstance();
    await instance.init({
      resources: lazy,
      lng: 'sr-Latn',
      supportedLngs: [...LANGUAGES],
      fallbackLng: 'sr-Latn',
      initAsync: false,
    });
    expect(instance.t('a:x')).toBe('Odjava');
    await instance.changeLanguage('en');
    expect(instance.t('a:x')).toBe('Sign out');
    expect(read).not.toHaveBeenCalled();
    await instance.changeLanguage('sr-Cyrl');
    expect(instance.t('a:x')).toBe('Одјава');
  });
});
