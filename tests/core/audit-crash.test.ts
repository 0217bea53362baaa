import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { createCore, DATABASE_FILE } from '../../src/core';
import { applyKey } from '../../src/core/db/open';
import { keyFileFor, parseKey } from '../../src/core/security/keys';

/**
 * kill -9 at random moments of writes: afterwards every committed write has its audit entry and
 * no entry stands for a write that did not happen (issue 13, point 4).
 */
const WRITER = path.join(import.meta.dirname, 'fixtures', 'audit-writer.ts');

/** Starts the writer, kills it `killAfterMs` after its first line, resolves with its complete lines. */
function writeThenKill(args: string[], killAfterMs: number): Promise<string[]> {
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

/** What the file holds, read directly with the key (not through the core being tested). */
function stored(dataDir: string) {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    applyKey(db, parseKey(readFileSync(keyFileFor(dataDir), 'utf8')));
    const count = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;
    return {
      clients: count('SELECT count(*) FROM clients'),
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
    };
  } finally {
    db.close();
  }
}

async function soundAfterCrash(dataDir: string) {
  const core = createCore({ dataDir, log: () => {} });
  try {
    expect((await core.call('system.check', {})).ok).toBe(true);
    expect(await core.call('audit.verify', {})).toMatchObject({ ok: true });
  } finally {
    core.close();
  }
}

describe('audit entries survive kill -9 with their writes', () => {
  it('an import killed at random points: its clients and its audit line are both there, or neither', async () => {
    const ROWS = 2000;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-audit-crash-'));
    let acknowledged = 0;
    for (let round = 0; round < 6; round++) {
      const lines = await writeThenKill(
        [dataDir, 'import', String(ROWS)],
        300 + Math.floor(Math.random() * 5000),
      );
      acknowledged += lines.filter((line) => line.startsWith('imported')).length;
      const after = stored(dataDir);
      expect(after.clients % ROWS).toBe(0); // all or nothing, even killed mid-commit
      expect(after.importEntries).toBe(after.clients / ROWS);
      expect(after.importedByEntries).toBe(after.clients);
      expect(after.importEntries).toBeGreaterThanOrEqual(acknowledged);
      await soundAfterCrash(dataDir);
    }
    expect(acknowledged).toBeGreaterThan(0);
  }, 240_000);

  it('clients.create killed at random points: every client has its create entry, and no entry is extra', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-audit-crash-'));
    let acknowledged = 0;
    for (let round = 0; round < 5; round++) {
      acknowledged += (await writeThenKill([dataDir, 'create'], 50 + Math.floor(Math.random() * 400))).length;
      const after = stored(dataDir);
      expect(after.clientsWithoutEntry).toBe(0);
      expect(after.createEntries).toBe(after.clients);
      expect(after.clients).toBeGreaterThanOrEqual(acknowledged);
      await soundAfterCrash(dataDir);
    }
    expect(acknowledged).toBeGreaterThan(20);
  }, 120_000);
});
