import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsFor } from '../../src/core/casework/labels';
import { ReportLanguage } from '../../src/shared/casework';
import { cyrillicStrings, type Strings } from '../../src/shared/cyrillic-translations';

const LOCALES = path.resolve(import.meta.dirname, '../../src/shared/locales');
const file = (language: string) =>
  JSON.parse(fs.readFileSync(path.join(LOCALES, language, 'casework.json'), 'utf8')) as Strings;
/** The casework strings the UI shows; sr-Cyrl is made from sr-Latn and its exceptions, as i18n.ts does. */
const ui = (language: string) =>
  (language === 'sr-Cyrl' ? cyrillicStrings(file('sr-Latn'), file('sr-Cyrl')) : file(language)) as Record<
    string,
    Record<string, string>
  >;

/** Keys whose leaves are a plural form or a nested group, per language. */
function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    leafKeys(inner, prefix ? `${prefix}.${key}` : key),
  );
}
const withoutPlural = (key: string) => key.replace(/_(one|few|other)$/, '');

describe('casework words', () => {
  it.each(ReportLanguage.options)(
    'are the same in the files the core writes and in the %s UI',
    (language) => {
      const core = labelsFor(language);
      const strings = ui(language);
      for (const group of [
        'serviceKind',
        'category',
        'sex',
        'ageBand',
        'procedureKind',
        'partnerKind',
        'outcome',
      ] as const) {
        expect(strings[group], group).toEqual(core[group]);
      }
    },
  );

  it('are translated into every language, with the plural forms each language needs', () => {
    const latin = leafKeys(ui('sr-Latn'));
    for (const language of ['sr-Cyrl', 'en']) {
      expect(new Set(leafKeys(ui(language)).map(withoutPlural))).toEqual(new Set(latin.map(withoutPlural)));
    }
    const plurals = latin.filter((key) => key.endsWith('_one')).map(withoutPlural);
    expect(plurals.length).toBeGreaterThan(3);
    for (const key of plurals) {
      expect(latin).toEqual(expect.arrayContaining([`${key}_one`, `${key}_few`, `${key}_other`]));
      expect(leafKeys(ui('en'))).toEqual(expect.arrayContaining([`${key}_one`, `${key}_other`]));
    }
  });

  it('are written in Cyrillic in the Cyrillic UI, apart from placeholders and file formats', () => {
    const leftovers = leafKeys(ui('sr-Cyrl'))
      .map(
        (key) =>
          key
            .split('.')
            .reduce<unknown>(
              (node, part) => (node as Record<string, unknown>)[part],
              ui('sr-Cyrl'),
            ) as string,
      )
      .map((text) => text.replace(/\{\{[^}]+\}\}|CSV|XLSX|PDF|Excel/g, ''))
      .filter((text) => /[A-Za-z]/.test(text));
    expect(leftovers).toEqual([]);
  });
});
