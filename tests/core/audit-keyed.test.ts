import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli';
import { createCore, DATABASE_FILE } from '../../src/core';
import { openDatabase, type Db } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { auditKeyFileFor } from '../../src/core/security/audit-key';
import { keyFileFor, parseKey } from '../../src/core/security/keys';
import { startTestServer, type TestServer } from '../server/backends';
import { enrolledDesk, newOffice } from '../sync/helpers';
import { sampleClient } from './helpers';

/**
 * Issue 13, point 8: someone with the database and its key edits the trail and recomputes the
 * chain; `audit verify` must still see it (keyed chain), and a chain rewritten with the audit key
 * too must no longer extend the head the sync server saw.
 */

interface Row {
  seq: number;
  at: string;
  actor_id: string | null;
  actor: string;
  action: string;
  method: string | null;
  record_type: string | null;
  record_id: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
  key_id: string | null;
}

const fieldsOf = (r: Omit<Row, 'hash' | 'key_id'>) =>
  JSON.stringify([
    r.prev_hash,
    r.seq,
    r.at,
    r.actor_id,
    r.actor,
    r.action,
    r.method,
    r.record_type,
    r.record_id,
    r.detail,
  ]);

/** The attack: change entry `seq`, then recompute every hash after it (and the head) with `mac`. */
function rewriteChain(db: Db, seq: number, mac: (text: string) => string, keyId: string | null) {
  db.exec('DROP TRIGGER audit_log_no_update');
  const rows = db.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq').all();
  let previous = '0'.repeat(64);
  const update = db.prepare(
    'UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ?, key_id = ? WHERE seq = ?',
  );
  for (const row of rows) {
    const detail = row.seq === seq ? JSON.stringify({ forged: true }) : row.detail;
    const hash = row.seq >= seq ? mac(fieldsOf({ ...row, detail, prev_hash: previous })) : row.hash;
    if (row.seq >= seq) update.run(detail, previous, hash, row.seq >= seq ? keyId : row.key_id, row.seq);
    previous = hash;
  }
  db.prepare("UPDATE settings SET value = ? WHERE key = 'audit.head'").run(`${rows.at(-1)!.seq}:${previous}`);
  db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only'); END`);
}

async function cli(argv: string[]) {
  const out: string[] = [];
  const code = await runCli(
    argv,
    { stdout: (l) => out.push(l), stderr: (l) => out.push(l) },
    { env: process.env },
  );
  return { code, out: out.join('\n') };
}

async function folderWithTrail(): Promise<{ dataDir: string; key: Buffer }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-audit-key-'));
  const core = createCore({ dataDir, log: () => {} });
  for (let i = 0; i < 5; i++)
    await core.call('clients.create', { client: sampleClient({ surname: `P${i}` }) });
  core.close();
  return { dataDir, key: parseKey(readFileSync(keyFileFor(dataDir), 'utf8')) };
}

describe('the keyed audit chain', () => {
  it('an entry edited and the chain recomputed with SHA-256 (all the database key allows) is reported', async () => {
    const { dataDir, key } = await folderWithTrail();
    expect((await cli(['audit', 'verify', '--data', dataDir])).code).toBe(0);
    const db = openDatabase(path.join(dataDir, DATABASE_FILE), { key, ...syncOnOpen });
    rewriteChain(db, 2, (text) => createHash('sha256').update(text).digest('hex'), null);
    db.close();
    const result = await cli(['audit', 'verify', '--data', dataDir]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/TAMPERED/);
  });

  it('keeps the audit key beside the key file, owner-only, not in the database', async () => {
    const { dataDir } = await folderWithTrail();
    const file = auditKeyFileFor(dataDir);
    expect(existsSync(file)).toBe(true);
    expect(path.dirname(file)).toBe(path.dirname(keyFileFor(dataDir)));
    if (process.platform !== 'win32')
      expect((await import('node:fs')).statSync(file).mode & 0o777).toBe(0o600);
  });

  it('an unkeyed chain from before 0009 still verifies and continues keyed; a forged unkeyed entry after does not', async () => {
    const { dataDir, key } = await folderWithTrail();
    // Make the whole trail look as 0008 wrote it: plain SHA-256, no key id.
    let db = openDatabase(path.join(dataDir, DATABASE_FILE), { key, ...syncOnOpen });
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    db.exec('DROP TRIGGER audit_log_no_update');
    const rows = db.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq').all();
    let previous = '0'.repeat(64);
    for (const row of rows) {
      const hash = sha(fieldsOf({ ...row, prev_hash: previous }));
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ?, key_id = NULL WHERE seq = ?').run(
        previous,
        hash,
        row.seq,
      );
      previous = hash;
    }
    db.prepare("UPDATE settings SET value = ? WHERE key = 'audit.head'").run(
      `${rows.at(-1)!.seq}:${previous}`,
    );
    db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
      SELECT RAISE(ABORT, 'the audit log is append-only'); END`);
    db.close();
    const core = createCore({ dataDir, log: () => {} });
    await core.call('clients.create', { client: sampleClient() });
    const verification = await core.call('audit.verify', {});
    core.close();
    expect(verification).toMatchObject({ ok: true });
    // Now forge an unkeyed entry after the keyed ones.
    db = openDatabase(path.join(dataDir, DATABASE_FILE), { key, ...syncOnOpen });
    const last = db.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get()!;
    const forged = { ...last, seq: last.seq + 1, prev_hash: last.hash, detail: '{"forged":true}' };
    const hash = sha(fieldsOf(forged));
    db.prepare(
      `INSERT INTO audit_log (seq, at, actor_id, actor, action, method, record_type, record_id, detail, prev_hash, hash, key_id)
       VALUES (@seq, @at, @actor_id, @actor, @action, @method, @record_type, @record_id, @detail, @prev_hash, @hash, NULL)`,
    ).run({ ...forged, hash });
    db.prepare("UPDATE settings SET value = ? WHERE key = 'audit.head'").run(`${forged.seq}:${hash}`);
    db.close();
    const result = await cli(['audit', 'verify', '--data', dataDir]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/without the audit key after keyed entries/);
  });
});

describe('the audit head anchored on the sync server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => server?.dispose());

  it('a chain rewritten even with the audit key no longer extends what the server saw, on the PC and on the server', async () => {
    const office = await newOffice(server, 'Kraljevo');
    const desk = await enrolledDesk(server, office);
    try {
      await desk.core.call('clients.create', { client: sampleClient() });
      await desk.core.call('sync.run', {});
      const [anchor] = await server.storage.query<{ seq: string; broken_at: Date | null }>(
        'SELECT seq, broken_at FROM audit_anchors',
      );
      expect(Number(anchor?.seq)).toBeGreaterThan(0);
      expect(anchor?.broken_at).toBeNull();
      expect(await desk.core.call('audit.verify', {})).toMatchObject({ ok: true });

      // The attacker has the database, its key and the audit key: rewrite entry 1 and everything after,
      // and even put the remembered anchor right.
      const auditKey = Buffer.from(readFileSync(auditKeyFileFor(desk.dir), 'utf8').trim(), 'hex');
      const keyId = desk.db
        .prepare('SELECT key_id FROM audit_log WHERE key_id IS NOT NULL LIMIT 1')
        .pluck()
        .get() as string;
      rewriteChain(desk.db, 1, (text) => createHmac('sha256', auditKey).update(text).digest('hex'), keyId);
      const local = await desk.core.call('audit.verify', {});
      expect(local.ok).toBe(false);
      expect(local.problems.map((p) => p.problem).join(' ')).toMatch(
        /no longer extends what the sync server saw/,
      );

      const remembered = JSON.parse(
        desk.db.prepare("SELECT value FROM settings WHERE key = 'audit.anchor'").pluck().get() as string,
      ) as { seq: number };
      const newHash = desk.db
        .prepare('SELECT hash FROM audit_log WHERE seq = ?')
        .pluck()
        .get(remembered.seq) as string;
      desk.db
        .prepare("UPDATE settings SET value = ? WHERE key = 'audit.anchor'")
        .run(JSON.stringify({ ...remembered, hash: newHash }));
      expect(await desk.core.call('audit.verify', {})).toMatchObject({ ok: true }); // the PC alone is fooled…

      await desk.core.call('sync.run', {});
      const [after] = await server.storage.query<{ broken_at: Date | null; broken_reason: string | null }>(
        'SELECT broken_at, broken_reason FROM audit_anchors',
      );
      expect(after?.broken_at).not.toBeNull(); // …the server is not
      expect(after?.broken_reason).toMatch(/no longer the one anchored/);
      const verdict = await desk.core.call('audit.verify', {});
      expect(verdict.ok).toBe(false);
      expect(verdict.problems.map((p) => p.problem).join(' ')).toMatch(
        /sync server reported .* no longer extends/,
      );
    } finally {
      desk.close();
    }
  }, 60_000);

  it('a PC stopped after the server stored its head, before it kept the answer, still extends what the server saw', async () => {
    const office = await newOffice(server, 'Bor');
    const desk = await enrolledDesk(server, office);
    const setting = (key: string) =>
      desk.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    try {
      await desk.core.call('clients.create', { client: sampleClient() });
      await desk.core.call('sync.run', {});
      const before = setting('audit.anchor')!;
      await desk.core.call('clients.create', { client: sampleClient({ surname: 'Nikolić' }) });
      await desk.core.call('sync.run', {});
      const [stored] = await server.storage.query<{ seq: string; hash: string }>(
        'SELECT a.seq, a.hash FROM audit_anchors a JOIN devices d ON d.id = a.device_id WHERE d.office_id = $1',
        [office.id],
      );
      expect(JSON.parse(setting('audit.anchor.pending')!)).toEqual([]); // answered: nothing pending
      // As if killed between the server's commit and keeping its answer: the PC still remembers
      // the earlier anchor, and the head it sent is pending.
      desk.db.prepare("UPDATE settings SET value = ? WHERE key = 'audit.anchor'").run(before);
      desk.db
        .prepare("UPDATE settings SET value = ? WHERE key = 'audit.anchor.pending'")
        .run(JSON.stringify([{ seq: Number(stored!.seq), hash: stored!.hash }]));

      await desk.core.call('sync.run', {});
      const [after] = await server.storage.query<{ seq: string; broken_at: Date | null }>(
        'SELECT a.seq, a.broken_at FROM audit_anchors a JOIN devices d ON d.id = a.device_id WHERE d.office_id = $1',
        [office.id],
      );
      expect(after?.broken_at).toBeNull();
      expect(Number(after?.seq)).toBeGreaterThan(Number(stored!.seq));
      expect(await desk.core.call('audit.verify', {})).toMatchObject({ ok: true });
    } finally {
      desk.close();
    }
  }, 60_000);
});
