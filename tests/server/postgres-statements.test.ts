import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openPostgresStorage, statementNames } from '../../src/server/storage-postgres';
import { dropSchema } from './backends';

/**
 * Statements by name on PostgreSQL (storage-postgres.ts, issue 17): each connection prepares a
 * text once and then only binds it; the number of names is bounded, and texts past it run unnamed.
 */
describe('statement names', () => {
  it('gives a text the same name each time, another text another, and none past the limit', () => {
    const named = statementNames(2);
    const a = named('SELECT 1');
    expect(a).toBeDefined();
    expect(named('SELECT 1')).toBe(a);
    const b = named('SELECT 2');
    expect(b).toBeDefined();
    expect(b).not.toBe(a);
    expect(named('SELECT 3')).toBeUndefined();
    expect(named('SELECT 1')).toBe(a);
  });
});

describe.runIf(process.env.DATABASE_URL)('prepared statements on PostgreSQL', () => {
  it('prepares a statement on the connection once, and it still answers with its parameters', async () => {
    const schema = `msc_test_prepared_${randomBytes(4).toString('hex')}`;
    const storage = await openPostgresStorage(process.env.DATABASE_URL!, schema);
    try {
      const text = 'SELECT $1::int + 1 AS n';
      const seen = await storage.transaction(async (tx) => {
        const answers = [];
        for (const value of [1, 2, 3]) answers.push((await tx.query<{ n: number }>(text, [value]))[0]!.n);
        const prepared = await tx.query<{ statement: string }>(
          'SELECT statement FROM pg_prepared_statements WHERE statement = $1',
          [text],
        );
        return { answers, prepared: prepared.length };
      });
      expect(seen.answers).toEqual([2, 3, 4]);
      expect(seen.prepared).toBe(1);
    } finally {
      await storage.close();
      await dropSchema(schema);
    }
  });
});
