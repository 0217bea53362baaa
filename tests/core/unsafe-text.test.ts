import { describe, expect, it } from 'vitest';
import { contract } from '../../src/shared/contract';
import { findUnsafeValue, unsafeCharacterIn } from '../../src/shared/text';
import { AppError } from '../../src/shared/errors';
import { csvBytes, importFile } from '../fixtures/spreadsheets';
import { sampleClient, useTempCore } from './helpers';

const openCore = useTempCore();

const UNSAFE = ['\u0000', '\ud800', '\udfff', 'a\ud83d', '\u0007', '\u001b', '\u0085', '\uffff'];

describe('the shared text rule', () => {
  it.each(UNSAFE)('refuses %j', (bad) => {
    expect(unsafeCharacterIn(`Petro${bad}vić`)).not.toBeNull();
  });

  it('keeps Cyrillic, emoji pairs, tabs and line breaks', () => {
    expect(unsafeCharacterIn('Петровић Đorđe 😀\tred\r\nnovi')).toBeNull();
  });

  it('names keys and deep values, and stops at absurd nesting without a stack overflow', () => {
    expect(findUnsafeValue({ a: [{ b: 'x\u0000' }] })).toMatchObject({
      kind: 'character',
      path: ['a', 0, 'b'],
    });
    expect(findUnsafeValue({ 'k\u0000': 1 })).toMatchObject({ path: ['k\u0000'] });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeValue(deep)).toMatchObject({ kind: 'tooDeep' });
  });

  it('is part of every contract call’s input schema', () => {
    const parsed = contract['clients.create'].input.safeParse({
      client: sampleClient({ surname: 'A\u0000B' }),
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['client', 'surname']);
    expect(contract['clients.search'].input.safeParse({ query: '\ud800' }).success).toBe(false);
    expect(contract['session.login'].input.safeParse({ username: 'a\u0000', password: 'x' }).success).toBe(
      false,
    );
  });
});

describe('the core refuses unsafe text at its boundary', () => {
  it.each(UNSAFE)('clients.create with %j changes nothing', async (bad) => {
    const core = openCore();
    const error = await core
      .call('clients.create', { client: sampleClient({ notes: `x${bad}y` }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    expect((error as AppError).fields?.['client.notes']).toMatch(
      /^Contains a character that cannot be stored \(U\+[0-9A-F]{4} at position \d\)$/,
    );
    expect((await core.call('system.info', {})).clientCount).toBe(0);
  });

  it('an imported cell with a NUL or a lone surrogate rejects its row, names the column, and keeps the others', async () => {
    const core = openCore();
    const file = csvBytes([
      ['Prezime', 'Ime', 'Napomena'],
      ['Petro\u0000vić', 'Ana', ''],
      ['Jovanović', 'Marko', 'bez\ud800'],
      ['Nikolić', 'Jelena', 'u redu'],
    ]);
    const report = await importFile(core, 'nul.csv', file, { defaultCategory: 'local_vulnerable' });
    expect(report.acceptedCount).toBe(1);
    expect(report.rejected.map((r) => r.row)).toEqual([2, 3]);
    expect(report.rejected[0]?.problems.join(' ')).toMatch(
      /Prezime: Contains a character that cannot be stored \(U\+0000/,
    );
    expect(report.rejected[1]?.problems.join(' ')).toMatch(
      /Napomena: has a character the file could not carry/,
    );
    await expect(
      importFile(core, 'nul.csv', file, { defaultCategory: 'local_vulnerable', dryRun: false }),
    ).rejects.toMatchObject({ code: 'IMPORT_REJECTED' });
    expect((await core.call('system.info', {})).clientCount).toBe(0);
  });
});
