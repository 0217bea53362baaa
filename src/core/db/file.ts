/**
 * The database file as a host sees it before anything opens it: its name in a data folder and
 * whether it is encrypted, read from its first bytes. No SQLite here, so Electron's main process
 * can ask without loading the native module (that stays in the core's utility process).
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** The office database's file name inside a data folder. */
export const DATABASE_FILE = 'msc-desk.sqlite';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0');

/** True when the file exists and starts with the plain SQLite header (an unencrypted database). */
export function isPlaintextDatabase(file: string): boolean {
  if (!existsSync(file) || statSync(file).size < SQLITE_HEADER.length) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    readSync(fd, head, 0, head.length, 0);
    return head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** True when the file holds an encrypted database (it exists, has content and no plain header). */
export function isEncryptedDatabase(file: string): boolean {
  return existsSync(file) && statSync(file).size > 0 && !isPlaintextDatabase(file);
}
