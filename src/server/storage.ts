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

/**
 * Whether an error means the database went away for a moment (a connection dropped or
 * terminated, PostgreSQL restarting), not that the request was wrong: the server answers 503 and
 * the device tries again; a change already taken is recognised by its stamp and not applied twice.
 */
export function databaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // 57P01-57P03: terminated by an administrator, crash or shutdown; 08xxx: connection exceptions.
  if (typeof code === 'string' && (/^57P0[123]$/.test(code) || /^08/.test(code))) return true;
  if (code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE') return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|connection is closed|Client has encountered a connection error/i.test(message)
  );
}
