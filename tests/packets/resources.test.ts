import { describe, expect, it } from 'vitest';
import { bindingFor, KNOWN_PATHS } from '../../src/core/packets/binding';
import { fontMetrics } from '../../src/core/packets/fonts';
import { PacketOptions } from '../../src/shared/packets';
import { createClient, dragana, NOW, openCore } from './fixtures';
import { blockTexts, loadPacketResources } from '../../src/core/packets/resources';
import { toScript } from '../../src/shared/script';

describe('packet resources', () => {
  it('knows exactly the paths the binding fills', async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    const options = PacketOptions.parse({ procedure: 'residence' });
    const binding = bindingFor(
      {
        client,
        options,
        packetId: 'p',
        createdAt: NOW.toISOString(),
        phrases: loadPacketResources().phrases.content,
      },
      'cyrl',
    );
    // `#sex` is the client's sex for [[masculine|feminine]] forms, never a printable path.
    expect([...binding.keys()].filter((key) => !key.startsWith('#')).sort()).toEqual([...KNOWN_PATHS].sort());
  });

  const resources = loadPacketResources();
  const fonts = fontMetrics(resources.fonts);

  it('has the three procedures, every document they name, and the fees they charge', () => {
    expect([...resources.procedures.keys()].sort()).toEqual(['health', 'id-card', 'residence']);
    expect(resources.templates.size).toBe(8);
    expect(resources.feeSeed.every((fee) => fee.source.length > 20)).toBe(true);
  });

  it('prints every fixed word of every template in both scripts with the embedded font', () => {
    const texts = [
      ...[...resources.templates.values()].flatMap(({ content }) => [
        content.title,
        ...content.blocks.flatMap(blockTexts),
      ]),
      ...[...resources.procedures.values()].flatMap(({ content }) =>
        [
          content.title,
          content.summary,
          ...content.bring,
          ...content.where,
          ...content.deadlines,
          ...content.instructions,
        ].map((t) => (typeof t === 'string' ? t : t.text)),
      ),
      ...Object.values(resources.phrases.content.texts),
    ];
    // The German and English instruction sheets (`key@de`, `translations`) are Latin by nature.
    const serbian = [
      ...texts.filter(
        (text) =>
          !Object.entries(resources.phrases.content.texts).some(([k, v]) => v === text && k.includes('@')),
      ),
    ];
    const missing = texts.flatMap((text) => [
      ...fonts.missingGlyphs(text),
      ...fonts.missingGlyphs(toScript(text, 'latn')),
    ]);
    expect(missing).toEqual([]);
    // Template text is written in Cyrillic, so that Latin pages convert it one-to-one.
    const latinWords = serbian.flatMap(
      (text) =>
        text
          .replace(/\{[^}]+\}/g, '')
          // A web address stays as it is typed (euprava.gov.rs).
          .replace(/\b[a-z]+\.gov\.rs\b/g, '')
          .match(/[A-Za-z]{4,}/g) ?? [],
    );
    expect(latinWords).toEqual([]);
  });

  it('has a municipality entry for every MSC and DIMAK hotspot city, and no code it cannot source', () => {
    const names = resources.municipalitySeed.map((m) => m.name);
    for (const city of [
      'Voždovac',
      'Zemun',
      'Novi Beograd',
      'Čukarica',
      'Novi Sad',
      'Pantelej',
      'Bor',
      'Kruševac',
      'Kraljevo',
      'Novi Pazar',
      'Subotica',
      'Kragujevac',
      'Zaječar',
      'Vranje',
      'Šabac',
    ])
      expect(names).toContain(city);
    expect(resources.municipalitySeed.filter((m) => m.city === 'Beograd')).toHaveLength(17);
    // All 196 codes of the Treasury list (municipality-codes.tsv), each with its source.
    expect(resources.municipalitySeed.filter((m) => m.code !== null)).toHaveLength(196);
    expect(resources.municipalitySeed.every((m) => m.source.length > 20)).toBe(true);
    // "verify" only where the source says so: Stragari's city, and the three units with no code.
    expect(resources.municipalitySeed.filter((m) => m.verify).map((m) => [m.name, m.code])).toEqual([
      ['Stragari', '123'],
      ['Vranjska Banja', null],
      ['Kostolac', null],
      ['Sevojno', null],
    ]);
    const codeOf = (name: string) => resources.municipalitySeed.find((m) => m.name === name)?.code;
    expect(
      [
        'Mediana',
        'Palilula (Niš)',
        'Pantelej',
        'Crveni krst',
        'Niška Banja',
        'Palilula',
        'Novi Sad',
        'Petrovaradin',
        'Bor',
        'Kruševac',
        'Kraljevo',
        'Novi Pazar',
        'Voždovac',
      ].map(codeOf),
    ).toEqual(['128', '127', '125', '126', '122', '015', '223', '247', '027', '052', '050', '075', '019']);
  });
});
