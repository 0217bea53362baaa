import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../src/core';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { DATABASE_FILE, openDatabase } from '../src/core/db/open';
import { syncOnOpen } from '../src/core/sync/triggers';
import { cyrillicToLatin, latinToCyrillic } from '../src/shared/script';
import { clientsCsv, generateClients, type GeneratedClient } from './client-generator';
import { figure, latencies, type BenchModule } from './measure';

/**
 * The client registry at office scale: import 100,000 clients from a CSV through `clients.import`
 * (dry run, then commit), search them through `clients.search` with the queries desks type, and
 * compare name search with the naive `LIKE '%…%'` scan it replaces.
 */

const CLIENTS = 100_000;
const QUERIES_PER_KIND = 500;
const WARM_UP_QUERIES = 200;
/** The LIKE baseline scans the whole table per query, so it runs on every 20th name query only. */
const LIKE_SAMPLE_EVERY = 20;
const IMPORT_TARGET_S = 15;
const SEARCH_P95_TARGET_MS = 10;

type QueryKind = 'nameLatin' | 'nameNoDiacritics' | 'nameCyrillic' | 'twoWords' | 'jmbgPrefix' | 'phone';
const NAME_KINDS: readonly QueryKind[] = ['nameLatin', 'nameNoDiacritics', 'nameCyrillic', 'twoWords'];

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * Wall time and the CPU time of this process (all threads): on a shared machine the gap between
 * the two is time spent waiting for a core, not work the call did.
 */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return {
    value,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

const plain = (text: string): string =>
  cyrillicToLatin(text).replaceAll('đ', 'dj').replaceAll('Đ', 'Dj').normalize('NFD').replace(/\p{M}/gu, '');

/** Queries as desks type them, each drawn from a real generated client so most find someone. */
function makeQueries(clients: readonly GeneratedClient[]): { kind: QueryKind; query: string }[] {
  const queries: { kind: QueryKind; query: string }[] = [];
  const at = (i: number): GeneratedClient => clients[(i * 7919) % clients.length] as GeneratedClient;
  const prefix = (text: string, i: number): string => text.slice(0, 3 + (i % 4));
  for (let i = 0; i < QUERIES_PER_KIND; i++) {
    const c = at(i);
    const surnameLatin = cyrillicToLatin(c.surname);
    queries.push({ kind: 'nameLatin', query: prefix(surnameLatin, i) });
    queries.push({ kind: 'nameNoDiacritics', query: prefix(plain(c.surname), i).toLowerCase() });
    queries.push({ kind: 'nameCyrillic', query: prefix(latinToCyrillic(surnameLatin), i) });
    queries.push({ kind: 'twoWords', query: `${surnameLatin} ${prefix(cyrillicToLatin(c.givenName), i)}` });
    const withJmbg = [0, 1, 2, 3, 4].map((k) => at(i + k * QUERIES_PER_KIND)).find((x) => x.jmbg !== '');
    queries.push({ kind: 'jmbgPrefix', query: (withJmbg?.jmbg ?? '0101').slice(0, 4 + (i % 6)) });
    const withPhone = [0, 1, 2, 3, 4].map((k) => at(i + k * QUERIES_PER_KIND)).find((x) => x.phone !== '');
    const digits = (withPhone?.phone ?? '064').replace(/\D/g, '').replace(/^381/, '0');
    queries.push({
      kind: 'phone',
      query: i % 2 === 0 ? digits.slice(0, 7) : `${digits.slice(0, 3)} ${digits.slice(3, 6)}`,
    });
  }
  return queries;
}

export const clientsBench: BenchModule = {
  name: 'clients',
  async run(progress) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-bench-'));
    const databaseKey = randomBytes(32);
    const core = createCore({ dataDir, databaseKey, log: () => {} });
    try {
      progress(`generating ${CLIENTS} clients`);
      const clients = generateClients(CLIENTS);
      const csv = clientsCsv(clients);
      const contentBase64 = Buffer.from(csv, 'utf8').toString('base64');
      const fileMb = Buffer.byteLength(csv) / 2 ** 20;

      progress(`dry run of a ${fileMb.toFixed(1)} MB CSV`);
      const input = { fileName: 'klijenti.csv', contentBase64 };
      const dryRun = await timed(() => core.call('clients.import', { ...input, dryRun: true }));
      if (dryRun.value.rejected.length > 0)
        throw new Error(`generated rows were rejected: ${JSON.stringify(dryRun.value.rejected.slice(0, 3))}`);

      progress('commit');
      const commit = await timed(() => core.call('clients.import', { ...input, dryRun: false }));

      progress('export');
      const exported = await timed(() => core.call('clients.exportCsv', {}));

      const queries = makeQueries(clients);
      progress(`${queries.length} searches`);
      for (const { query } of queries.slice(0, WARM_UP_QUERIES)) await core.call('clients.search', { query });
      const samples = new Map<QueryKind, number[]>();
      const all: number[] = [];
      let empty = 0;
      for (const { kind, query } of queries) {
        const t = performance.now();
        const result = await core.call('clients.search', { query, limit: 25 });
        const ms = performance.now() - t;
        if (result.items.length === 0) empty += 1;
        all.push(ms);
        samples.set(kind, [...(samples.get(kind) ?? []), ms]);
      }
      const search = latencies(all);

      // The naive way: a LIKE '%word%' scan over the names for every word, sorted for a page.
      // It only matches the script and diacritics as typed, so it is also less useful, not just slower.
      progress('LIKE baseline');
      const db = openDatabase(path.join(dataDir, DATABASE_FILE), { key: databaseKey, ...syncOnOpen });
      const nameQueries = queries
        .filter((q) => NAME_KINDS.includes(q.kind))
        .filter((_, i) => i % LIKE_SAMPLE_EVERY === 0);
      const statements = new Map<number, Statement<string[]>>();
      const likeStatement = (words: number) => {
        let statement = statements.get(words);
        if (!statement) {
          const condition = '(surname LIKE ? OR given_name LIKE ? OR parent_name LIKE ?)';
          statement = db.prepare<string[]>(
            `SELECT id, surname, given_name, jmbg, phone FROM clients WHERE deleted_at IS NULL AND ` +
              `${Array.from({ length: words }, () => condition).join(' AND ')} ORDER BY surname, given_name LIMIT 25`,
          );
          statements.set(words, statement);
        }
        return statement;
      };
      const likeSamples: number[] = [];
      for (const { query } of nameQueries) {
        const words = query.split(/\s+/).filter(Boolean);
        const t = performance.now();
        likeStatement(words.length).all(...words.flatMap((w) => [`%${w}%`, `%${w}%`, `%${w}%`]));
        likeSamples.push(performance.now() - t);
      }
      db.close();
      const like = latencies(likeSamples);
      const nameSearch = latencies(NAME_KINDS.flatMap((kind) => samples.get(kind) ?? []));

      return {
        rows: CLIENTS,
        csvMb: Math.round(fileMb * 10) / 10,
        import: {
          commit: figure(commit.seconds, 's', { max: IMPORT_TARGET_S }),
          commitCpuSeconds: round2(commit.cpuSeconds),
          dryRunSeconds: round2(dryRun.seconds),
          dryRunCpuSeconds: round2(dryRun.cpuSeconds),
          created: commit.value.createdCount,
          rowsPerSecond: Math.round(commit.value.createdCount / commit.seconds),
        },
        export: {
          seconds: round2(exported.seconds),
          cpuSeconds: round2(exported.cpuSeconds),
          rows: exported.value.count,
        },
        search: {
          ...search,
          p95: figure(search.p95Ms, 'ms', { max: SEARCH_P95_TARGET_MS }),
          queriesWithNoResult: empty,
          byKind: Object.fromEntries([...samples].map(([kind, ms]) => [kind, latencies(ms)])),
        },
        likeBaseline: {
          queries: like.count,
          p50Ms: like.p50Ms,
          p95Ms: like.p95Ms,
          maxMs: like.maxMs,
          nameSearchP50Ms: nameSearch.p50Ms,
          nameSearchP95Ms: nameSearch.p95Ms,
          speedUpP50: Math.round((like.p50Ms / nameSearch.p50Ms) * 10) / 10,
          speedUpP95: Math.round((like.p95Ms / nameSearch.p95Ms) * 10) / 10,
        },
      };
    } finally {
      core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
