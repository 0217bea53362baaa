import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { expect } from 'vitest';
import { createCore, DATABASE_FILE } from '../../src/core';
import { applyKey } from '../../src/core/db/open';
import { keyFileFor, parseKey } from '../../src/core/security/keys';

/**
 * What the crash tests share (crash-safety.test.ts, audit-crash.test.ts): a writer process
 * (fixtures/crash-writer.ts) killed with SIGKILL at a random moment, and a look at what the
 * database file holds afterwards — read directly with the key, not through the core being tested.
 */
const WRITER = path.join(import.meta.dirname, 'fixtures', 'crash-writer.ts');

/**
 * Starts the writer (`crash-writer DATA_DIR MODE …`), kills it `killAfterMs` after its first
 * line, and resolves with its complete lines: those calls had returned (acknowledged); a torn
 * last line was still being written.
 */
export function writeThenKill(args: string[], killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let out = '';
    let errors = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer ended by itself (${code}): ${errors}`));
      else resolve(out.split('\n').slice(0, -1));
    });
  });
}

/** A random whole number of milliseconds from `min` up to (not including) `max`. */
export const randomMs = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));

/** Counts in the database file that tell whether every committed write has its audit entry. */
export function stored(dataDir: string) {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    applyKey(db, parseKey(readFileSync(keyFileFor(dataDir), 'utf8')));
    const count = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;
    return {
      clients: count('SELECT count(*) FROM clients'),
      clientIds: new Set(db.prepare('SELECT id FROM clients').pluck().all() as string[]),
      importEntries: count("SELECT count(*) FROM audit_log WHERE action = 'import'"),
      importedByEntries: count(
        "SELECT coalesce(sum(json_extract(detail, '$.created')), 0) FROM audit_log WHERE action = 'import'",
      ),
      createEntries: count(
        "SELECT count(*) FROM audit_log WHERE action = 'create' AND method = 'clients.create'",
      ),
      clientsWithoutEntry: count(
        `SELECT count(*) FROM clients c WHERE NOT EXISTS
           (SELECT 1 FROM audit_log a WHERE a.record_id = c.id AND a.action = 'create')`,
      ),
      packets: count('SELECT count(*) FROM packets'),
      packetIds: new Set(db.prepare('SELECT id FROM packets').pluck().all() as string[]),
      printEntries: count("SELECT count(*) FROM audit_log WHERE method = 'packets.render'"),
    };
  } finally {
    db.close();
  }
}

/** `check` is clean and the audit chain verifies (against the sync server's anchor, if enrolled). */
export async function soundAfterCrash(dataDir: string): Promise<void> {
  const core = createCore({ dataDir, log: () => {} });
  try {
    const check = await core.call('system.check', {});
    expect(check.integrity).toEqual(['ok']);
    expect(check.ok).toBe(true);
    expect(await core.call('audit.verify', {})).toMatchObject({ ok: true });
  } finally {
    core.close();
  }
}
