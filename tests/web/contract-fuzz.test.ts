import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, DATABASE_FILE, type Core } from '../../src/core';
import { applyKey } from '../../src/core/db/open';
import { keyFileFor, parseKey } from '../../src/core/security/keys';
import { contract, methods } from '../../src/shared/contract';
import { startWebHost, TOKEN_HEADER, type WebHost } from '../../src/web/server';

/**
 * Arbitrary strings (NUL, lone surrogates, 100 KB, deep JSON) against the web host's contract
 * calls: never a 500, and a refused call changes nothing in the database (issue 13, Checks).
 */

// Calls that reach outside the database (network, folders given in the input, PDFs) are left to
// their own tests: a fuzzer must not make backups in random folders or dial random addresses.
const SKIPPED =
  /^(sync|backups|updates|documents)\.|^packets\.(render|reprint)$|^(consents\.form|referrals\.slip|clients\.exportAll|reports\.export)$/;
const FUZZED = methods.filter((m) => !SKIPPED.test(m));

const nasty = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\ud83d', '\u001b[31m', '\uffff', '\u0085'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\ud800', 'a', 'Ђ', '"', '\\'), maxLength: 20 }),
  fc.constant('x'.repeat(100_000)),
  fc.constant('Ђ'.repeat(60_000)),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(nasty, nasty, { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 4 }),
);

function deepJson(levels: number): string {
  return `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`;
}

/** An input for `method`: its own field names with hostile values, or something else entirely. */
function inputFor(method: (typeof FUZZED)[number]): fc.Arbitrary<string> {
  const shape = (contract[method].input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = Object.keys(shape);
  const shaped =
    keys.length === 0
      ? fc.constant({})
      : fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] });
  return fc.oneof(
    { weight: 6, arbitrary: shaped.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom(deepJson(5000), deepJson(200), '{"a":', '\u0000', '"\\ud800"') },
  );
}

let core: Core;
let host: WebHost;
let dataDir: string;
let fingerprintDb: Database.Database;

/** Every table's row count and newest change: what a refused call must leave as it was. */
function fingerprint(): string {
  const tables = fingerprintDb
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name",
    )
    .all();
  return (
    tables
      .map(
        ({ name }) =>
          `${name}:${String(fingerprintDb.prepare(`SELECT count(*) FROM "${name}"`).pluck().get())}`,
      )
      .join(',') +
    `|${String(fingerprintDb.prepare('SELECT total_changes()').pluck().get())}|${String(fingerprintDb.pragma('data_version', { simple: true }))}`
  );
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-fuzz-'));
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'msc-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>MSC Desk</title>');
  core = createCore({ dataDir, log: () => {}, automaticBackups: false });
  await core.call('clients.create', {
    client: { surname: 'Petrović', givenName: 'Ana', category: 'local_vulnerable' },
  });
  host = await startWebHost({ core, rendererDir, port: 0, token: 'fuzz-token' });
  fingerprintDb = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  applyKey(fingerprintDb, parseKey(readFileSync(keyFileFor(dataDir), 'utf8')));
});

afterAll(async () => {
  fingerprintDb?.close();
  await host?.close();
  core?.close();
});

describe('the web host under fuzzed contract calls', () => {
  it(`answers ${FUZZED.length} calls with hostile input without a 500, and refused calls change nothing`, async () => {
    const base = new URL(host.url).origin;
    const statuses = new Map<number, number>();
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FUZZED).chain((method) => fc.tuple(fc.constant(method), inputFor(method))),
        async ([method, body]) => {
          const before = fingerprint();
          const response = await fetch(`${base}/api/call/${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [TOKEN_HEADER]: 'fuzz-token' },
            body,
          });
          const answer = (await response.json()) as { ok: boolean; error?: { code: string } };
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status, `${method} ${body.slice(0, 200)} → ${JSON.stringify(answer)}`).not.toBe(
            500,
          );
          expect(answer.error?.code).not.toBe('INTERNAL');
          if (response.status !== 200) {
            refused += 1;
            expect(fingerprint(), `${method} was refused but changed the database`).toBe(before);
          }
        },
      ),
      { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 1313) },
    );
    expect(refused).toBeGreaterThan(300);
    process.stdout.write(`[fuzz] statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
  }, 240_000);
});
