/**
 * The server's one storage interface: `query(sql, params)` and `transaction(fn)`, with two
 * implementations running the same SQL — PGlite (PostgreSQL compiled to WebAssembly, in-process,
 * data under a folder) as the embedded default for a pilot and for tests, and PostgreSQL through
 * `pg` when `DATABASE_URL` is set. Parameters are plain text and numbers; bulk data travels as one
 * JSON text parameter (`$1::text::jsonb`) so both drivers bind it the same way.
 */
import path from 'node:path';
import { openPgliteStorage } from './storage-pglite';
import { openPostgresStorage } from './storage-postgres';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Storage extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages (a folder, or the database URL without its password). */
  readonly location: string;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** The server's data folder (PGlite keeps its files in `pgdata` inside it). Omit for in-memory PGlite. */
  dataDir?: string;
  /** A PostgreSQL schema to keep everything in (tests give each run its own). */
  schema?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`Not a schema name: ${options.schema}`);
  }
  if (options.databaseUrl) return openPostgresStorage(options.databaseUrl, options.schema);
  return openPgliteStorage(
    options.dataDir ? path.join(options.dataDir, 'pgdata') : undefined,
    options.dataDir,
    options.schema,
  );
}
