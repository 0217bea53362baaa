import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientsCsv, generateClients } from '../../bench/client-generator';
import { createCore } from '../../src/core';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { compactOffice } from '../../src/server/compaction';
import type { Office } from '../../src/shared/sync';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { enrolledDesk, newOffice, TEST_KEY, type Desk } from './helpers';
import { startThrottleProxy, type ThrottleProxy } from './throttle-proxy';

/**
 * A new PC, years later (issue 17): enrolment starts from a snapshot of the office's current
 * rows, so its cost does not grow with every edit ever made; the server compacts the log every
 * device has passed; a PC put back from an older backup is recognised and takes the snapshot
 * again instead of silently missing what it had sent after the backup.
 */

const CLIENTS = 300;

const rows = (desk: Desk) =>
  desk.db.prepare('SELECT id, surname, phone, notes, deleted_at FROM clients ORDER BY id').all();

describe.each(backends)('snapshots and compaction (%s)', (backend) => {
  let server: TestServer;
  let proxy: ThrottleProxy;
  const desks: Desk[] = [];
  let offices = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
    proxy = await startThrottleProxy(server.port);
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await server?.dispose();
  });
  afterEach(() => {
    for (const desk of desks.splice(0)) desk.close();
  });

  async function officeOf(edits: number): Promise<{ office: Office; writer: Desk }> {
    const office = await newOffice(server, `Snapshot office ${++offices}`);
    const writer = await enrolledDesk(server, office);
    desks.push(writer);
    const contentBase64 = Buffer.from(clientsCsv(generateClients(CLIENTS, offices)), 'utf8').toString(
      'base64',
    );
    await writer.core.call('clients.import', { fileName: 'k.csv', contentBase64, dryRun: false });
    await writer.core.call('sync.run', {});
    for (let round = 0; round < edits; round++) {
      writer.db
        .prepare('UPDATE clients SET phone = ?, notes = ?, updated_at = ?')
        .run(`06${round}`, `Napomena ${round}`, new Date().toISOString());
      await writer.core.call('sync.run', {});
    }
    return { office, writer };
  }

  async function enrolThroughProxy(office: Office) {
    const desk = await enrolledDesk(server, office, { url: proxy.url });
    desks.push(desk);
    proxy.resetBytes();
    const result = await desk.core.call('sync.run', {});
    return { desk, result, bytes: proxy.bytes().down };
  }

  it('enrols a new PC from the current rows: ten edits of every client cost next to nothing', async () => {
    const plain = await officeOf(0);
    const edited = await officeOf(10);
    const fresh = await enrolThroughProxy(plain.office);
    const late = await enrolThroughProxy(edited.office);
    expect(fresh.result.pulled).toBe(CLIENTS);
    expect(late.result.pulled).toBe(CLIENTS); // one row each, not eleven entries
    expect(rows(late.desk)).toEqual(rows(edited.writer));
    expect(late.bytes).toBeLessThanOrEqual(fresh.bytes * 1.3);
    expect((await late.desk.core.call('sync.status', {})).behind).toBeNull();

    // Edits after the snapshot arrive through the log as usual.
    edited.writer.db
      .prepare("UPDATE clients SET surname = 'Kasnije', updated_at = ?")
      .run(new Date().toISOString());
    await edited.writer.core.call('sync.run', {});
    expect((await late.desk.core.call('sync.run', {})).pulled).toBe(CLIENTS);
    expect(rows(late.desk)).toEqual(rows(edited.writer));
  }, 120_000);

  it('compacts the log every PC of the office has passed, and a PC enrolled later still converges', async () => {
    const { office, writer } = await officeOf(3);
    const reader = await enrolledDesk(server, office);
    desks.push(reader);
    await reader.core.call('sync.run', {});
    await writer.core.call('sync.run', {}); // both have now said they hold the whole log
    await reader.core.call('sync.run', {});

    const before = await server.storage.query<{ n: number }>(
      'SELECT count(*) AS n FROM sync_log WHERE office_id = $1',
      [office.id],
    );
    const { deleted } = await compactOffice(server.storage, office.id, new Date());
    expect(deleted).toBeGreaterThan(0);
    const after = await server.storage.query<{ n: number }>(
      'SELECT count(*) AS n FROM sync_log WHERE office_id = $1',
      [office.id],
    );
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) - deleted);

    writer.db
      .prepare("UPDATE clients SET notes = 'posle sažimanja', updated_at = ?")
      .run(new Date().toISOString());
    await writer.core.call('sync.run', {});
    expect((await reader.core.call('sync.run', {})).pulled).toBe(CLIENTS);
    const newcomer = await enrolledDesk(server, office);
    desks.push(newcomer);
    await newcomer.core.call('sync.run', {});
    expect(rows(newcomer)).toEqual(rows(writer));
    expect(rows(reader)).toEqual(rows(writer));
  }, 120_000);

  it('recognises a PC put back from an older backup and gives it back what it had sent since', async () => {
    const { office, writer } = await officeOf(0);
    const pc = await enrolledDesk(server, office);
    desks.push(pc);
    await pc.core.call('sync.run', {});

    // The backup: a copy of the data folder as it is now.
    pc.core.close();
    pc.db.close();
    const backup = `${pc.dir}-backup`;
    fs.cpSync(pc.dir, backup, { recursive: true });
    const reopen = () => {
      pc.core = createCore({ dataDir: pc.dir, databaseKey: TEST_KEY, log: () => {} });
      pc.db = openDatabase(path.join(pc.dir, DATABASE_FILE), { key: TEST_KEY });
    };
    reopen();

    // After the backup, this PC edits a record and sends it; others edit too.
    const someone = pc.db.prepare('SELECT id FROM clients ORDER BY id LIMIT 1').get() as { id: string };
    pc.db
      .prepare("UPDATE clients SET notes = 'poslato posle kopije', updated_at = ? WHERE id = ?")
      .run(new Date().toISOString(), someone.id);
    await pc.core.call('sync.run', {});
    writer.db.prepare("UPDATE clients SET phone = '011 222', updated_at = ?").run(new Date().toISOString());
    await writer.core.call('sync.run', {});
    await pc.core.call('sync.run', {});

    // The disk fails; the backup is put back.
    pc.core.close();
    pc.db.close();
    fs.rmSync(pc.dir, { recursive: true, force: true });
    fs.cpSync(backup, pc.dir, { recursive: true });
    fs.rmSync(backup, { recursive: true, force: true });
    reopen();
    expect(pc.db.prepare('SELECT notes FROM clients WHERE id = ?').get(someone.id)).not.toEqual({
      notes: 'poslato posle kopije',
    });

    const result = await pc.core.call('sync.run', {});
    expect(result.restarted).toBe('restored');
    expect(pc.db.prepare('SELECT notes FROM clients WHERE id = ?').get(someone.id)).toEqual({
      notes: 'poslato posle kopije',
    });
    await writer.core.call('sync.run', {});
    expect(rows(pc)).toEqual(rows(writer));
  }, 120_000);
});
