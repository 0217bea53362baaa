import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Queryable, Storage } from './storage';

const LOCK_FILE = 'msc-server.lock';

/**
 * The embedded database. PGlite is single-connection and single-process: a lock file in the data
 * folder keeps the admin commands from opening it while a server holds it (they would corrupt it).
 */
export async function openPgliteStorage(
  pgdata: string | undefined,
  dataDir: string | undefined,
  schema?: string,
): Promise<Storage> {
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  let db: PGlite;
  try {
    if (pgdata) mkdirSync(pgdata, { recursive: true });
    db = pgdata ? new PGlite(pgdata) : new PGlite();
    await db.waitReady;
    if (schema) await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema};`);
  } catch (error) {
    release();
    throw error;
  }
  const run: Queryable['query'] = async (sql, params) =>
    (await db.query<never>(sql, params ? [...params] : [])).rows;
  return {
    kind: 'pglite',
    location: dataDir ?? '(in memory)',
    query: run,
    async transaction(fn) {
      return db.transaction((tx) =>
        fn({ query: async (sql, params) => (await tx.query<never>(sql, params ? [...params] : [])).rows }),
      );
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async close() {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}

function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new Error(
          `The server data in ${dataDir} is in use by process ${holder} (a running server?). ` +
            'Stop it first, or point both at PostgreSQL with DATABASE_URL.',
        );
      }
      rmSync(file, { force: true }); // left behind by a process that died
    }
  }
  throw new Error(`Could not lock ${file}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
