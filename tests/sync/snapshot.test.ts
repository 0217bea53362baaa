import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientsCsv, generateClients } from '../../bench/client-generator';
import { createCore } from '../../src/core';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { compactOffice } from '../../src/server/compaction';
import { snapshotPage } from '../../src/server/snapshot';
import { syncedTableFacts } from '../../src/shared/sync/registry';
import type { Office } from '../../src/shared/sync';
import { backends } from '../server/backends';
import { TEST_KEY, type Desk } from './helpers';
import { useThrottledServer } from './throttled-server';

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
  const links = useThrottledServer(backend, 'Snapshot office');
  /** A seed per office, so each office's clients differ. */
  let seeds = 0;

  async function officeOf(edits: number): Promise<{ office: Office; writer: Desk }> {
    const office = await links.office();
    const writer = await links.desk(office, false);
    const contentBase64 = Buffer.from(clientsCsv(generateClients(CLIENTS, ++seeds)), 'utf8').toString(
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
    const desk = await links.desk(office);
    links.proxy.resetBytes();
    const result = await desk.core.call('sync.run', {});
    return { desk, result, bytes: links.proxy.bytes().down };
  }

  it('sends parents first, so a snapshot cut after any page names no row that has not arrived', async () => {
    const office = await links.office();
    const writer = await links.desk(office, false);
    for (let i = 0; i < 30; i++) {
      const client = await writer.core.call('clients.create', {
        client: {
          surname: `Roditelj${i}`,
          givenName: 'Ana',
          category: 'returnee_germany',
          documents: [{ kind: 'id_card', number: `00${i}` }],
        },
      });
      await writer.core.call('services.log', {
        clientId: client.id,
        kind: 'information',
        durationMinutes: 10,
        note: `Razgovor ${i}`,
      });
    }
    await writer.core.call('sync.run', {});
    const [row] = await links.server.storage.query<{ id: string; office_id: string; node: string }>(
      'SELECT id, office_id, node FROM devices WHERE office_id = $1',
      [office.id],
    );
    const device = {
      id: row!.id,
      officeId: row!.office_id,
      officeName: '',
      centre: false,
      node: '0'.repeat(16),
    };
    const references = new Map(syncedTableFacts.map((t) => [t.name, t.references ?? []]));

    /**
     * Every page of the snapshot, about 1 kB each; after each, the rows naming one that the
     * snapshot holds but has not sent yet (an office's own `offices` row is adopted on each PC,
     * never sent: a name of it is not dangling).
     */
    async function dangling(order?: 'parents'): Promise<number[]> {
      const pages: { t: string; r: string; f: Record<string, unknown> }[][] = [];
      let after: { t: string; r: string } | null = null;
      for (let page = 0; page < 1000; page++) {
        const lines = (
          await snapshotPage(
            links.server.storage,
            device,
            { after, bytes: 1024, ...(order ? { order } : {}) },
            new Date(),
          )
        )
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        pages.push(lines.slice(1, -1) as { t: string; r: string; f: Record<string, unknown> }[]);
        const end = lines.at(-1) as { next: string | null; more: boolean };
        if (!end.more) break;
        const slash = end.next!.indexOf('/');
        after = { t: end.next!.slice(0, slash), r: end.next!.slice(slash + 1) };
      }
      const all = new Set(pages.flat().map((c) => `${c.t}/${c.r}`));
      const seen = new Set<string>();
      const perPage: number[] = [];
      for (const page of pages) {
        for (const change of page) seen.add(`${change.t}/${change.r}`);
        let missing = 0;
        for (const change of pages.flat().filter((c) => seen.has(`${c.t}/${c.r}`)))
          for (const parent of references.get(change.t) ?? []) {
            const id = change.f[`${parent === 'clients' ? 'client' : parent.replace(/s$/, '')}_id`];
            const key = `${parent}/${String(id)}`;
            if (all.has(key) && !seen.has(key)) missing++;
          }
        perPage.push(missing);
      }
      return perPage;
    }
    const parents = await dangling('parents');
    expect(parents.length).toBeGreaterThan(5); // many pages: many places a cut can fall
    expect(parents.every((n) => n === 0)).toBe(true);
    // By table name, as before: client_documents came first and named clients still missing.
    expect(Math.max(...(await dangling()))).toBeGreaterThan(0);
  }, 60_000);

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
    const reader = await links.desk(office, false);
    await reader.core.call('sync.run', {});
    await writer.core.call('sync.run', {}); // both have now said they hold the whole log
    await reader.core.call('sync.run', {});

    const before = await links.server.storage.query<{ n: number }>(
      'SELECT count(*) AS n FROM sync_log WHERE office_id = $1',
      [office.id],
    );
    const { deleted } = await compactOffice(links.server.storage, office.id, new Date());
    expect(deleted).toBeGreaterThan(0);
    const after = await links.server.storage.query<{ n: number }>(
      'SELECT count(*) AS n FROM sync_log WHERE office_id = $1',
      [office.id],
    );
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) - deleted);

    writer.db
      .prepare("UPDATE clients SET notes = 'posle sažimanja', updated_at = ?")
      .run(new Date().toISOString());
    await writer.core.call('sync.run', {});
    expect((await reader.core.call('sync.run', {})).pulled).toBe(CLIENTS);
    const newcomer = await links.desk(office, false);
    await newcomer.core.call('sync.run', {});
    expect(rows(newcomer)).toEqual(rows(writer));
    expect(rows(reader)).toEqual(rows(writer));
  }, 120_000);

  it('recognises a PC put back from an older backup and gives it back what it had sent since', async () => {
    const { office, writer } = await officeOf(0);
    const pc = await links.desk(office, false);
    await pc.core.call('sync.run', {});

    // The backup: a copy of the data folder as it is now.
    pc.core.close();
    pc.db.close();
    const backup = `${pc.dir}-backup`;
    fs.cpSync(pc.dir, backup, { recursive: true });
    const reopen = () => {
      pc.core = createCore({ dataDir: pc.dir, databaseKey: TEST_KEY, log: () => {} });
      pc.db = openDatabase(path.join(pc.dir, DATABASE_FILE), { key: TEST_KEY, ...syncOnOpen });
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
