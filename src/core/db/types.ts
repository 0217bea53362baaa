import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * The open database's type, in a file of its own: migrations and the modules they use name it
 * without importing `open.ts`, which imports the migrations (a circle of 18 files, type-only but
 * one a reader has to untangle).
 */
export type Db = Database.Database;

/** One numbered step of the schema (migrations/index.ts lists them; open.ts runs them in order). */
export interface Migration {
  version: number;
  name: string;
  up: (db: Db) => void;
}
