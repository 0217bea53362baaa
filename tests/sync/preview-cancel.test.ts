import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientsCsv, generateClients } from '../../bench/client-generator';
import { runCli } from '../../src/cli';
import { createCore } from '../../src/core';
import type { SyncStatus } from '../../src/shared/contract/sync';
import type { Office } from '../../src/shared/sync';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { enrolledDesk, enrolmentCode, newOffice, type Desk } from './helpers';
import { startThrottleProxy, type ThrottleProxy } from './throttle-proxy';

/**
 * Before and during a sync (issue 17): the preview says what the next sync sends — counts per
 * kind and the records by name — and what the last one brought from elsewhere (which office PC,
 * who, when), without sending anything; a cancel mid-pull keeps whole pages and resumes, a cancel
 * mid-push leaves whole batches on the server or none; either way the database checks clean and
 * a later sync converges with nothing lost and nothing doubled.
 */

async function importClients(desk: Desk, count: number, seed: number): Promise<void> {
  const contentBase64 = Buffer.from(clientsCsv(generateClients(count, seed)), 'utf8').toString('base64');
  const imported = await desk.core.call('clients.import', {
    fileName: 'k.csv',
    contentBase64,
    dryRun: false,
  });
  expect(imported.createdCount).toBe(count);
}

const liveClients = (desk: Desk) =>
  desk.db
    .prepare('SELECT id, surname, given_name, phone FROM clients WHERE deleted_at IS NULL ORDER BY id')
    .all();
const nodeOf = (desk: Desk) =>
  (desk.db.prepare("SELECT value FROM sync_state WHERE key = 'node'").get() as { value: string }).value;

/** Waits until the running sync's progress passes `until` (polling `sync.status` as the panel does). */
async function progressPast(desk: Desk, until: (running: NonNullable<SyncStatus['running']>) => boolean) {
  for (let i = 0; i < 600; i++) {
    const { running } = await desk.core.call('sync.status', {});
    if (running && until(running)) return running;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the sync never got that far');
}

describe.each(backends)('before and during a sync (%s)', (backend) => {
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
    proxy.shape({ bitsPerSecond: Infinity, rttMs: 0 });
    for (const desk of desks.splice(0)) desk.close();
  });

  const office = (): Promise<Office> => newOffice(server, `Preview office ${++offices}`);
  async function desk(at: Office, throughProxy = true): Promise<Desk> {
    const d = await enrolledDesk(server, at, throughProxy ? { url: proxy.url } : {});
    desks.push(d);
    return d;
  }
  async function deviceLog(d: Desk) {
    const deviceId = (
      d.db.prepare("SELECT value FROM sync_state WHERE key = 'device_id'").get() as { value: string }
    ).value;
    const [row] = await server.storage.query<{ n: number; distinct: number }>(
      'SELECT count(*) AS n, count(DISTINCT hlc) AS distinct FROM sync_log WHERE device_id = $1',
      [deviceId],
    );
    return { n: Number(row!.n), distinct: Number(row!.distinct) };
  }

  it('previews what goes up by kind and by name, sending nothing, and after a pull who sent what from which PC', async () => {
    const at = await office();
    const a = await desk(at, false);
    const b = await desk(at, false);
    const mira = await a.core.call('clients.create', {
      client: { surname: 'Jovanović', givenName: 'Mira', category: 'returnee_germany', phone: '064 111' },
    });
    await a.core.call('clients.create', {
      client: { surname: 'Petrović', givenName: 'Ana', category: 'returnee_other' },
    });
    await a.core.call('services.log', {
      clientId: mira.id,
      kind: 'counselling',
      durationMinutes: 30,
      note: 'Prijava',
    });

    const before = await a.core.call('sync.preview', {});
    expect(before.outgoing.kinds).toEqual([
      { kind: 'clients', records: 2, changes: 2 },
      { kind: 'services', records: 1, changes: 1 },
    ]);
    expect(before.outgoing.records).toBe(3);
    expect(before.outgoing.items.map((i) => [i.label, i.kind, i.action])).toEqual([
      ['Jovanović Mira', 'clients', 'new'],
      ['Petrović Ana', 'clients', 'new'],
      ['Jovanović Mira', 'services', 'new'],
    ]);
    expect(before.outgoing.items[2]!.clientId).toBe(mira.id);
    // A preview sends nothing: the outbox waits, the server has nothing from this PC.
    expect((await a.core.call('sync.status', {})).pendingCount).toBe(3);
    expect((await deviceLog(a)).n).toBe(0);

    await a.core.call('sync.run', {});
    await a.core.call('clients.update', {
      id: mira.id,
      client: { surname: 'Jovanović', givenName: 'Mira', category: 'returnee_germany', phone: '064 222' },
    });
    const edited = await a.core.call('sync.preview', {});
    expect(edited.outgoing.items).toEqual([
      expect.objectContaining({
        label: 'Jovanović Mira',
        kind: 'clients',
        action: 'edited',
        fields: ['phone'],
      }),
    ]);
    await a.core.call('sync.run', {});
    expect((await a.core.call('sync.preview', {})).outgoing).toMatchObject({
      changes: 0,
      records: 0,
      items: [],
    });

    await b.core.call('sync.run', {});
    const received = (await b.core.call('sync.preview', {})).lastReceived!;
    expect(received.records).toBe(3);
    expect(received.complete).toBe(true);
    expect(received.from).toHaveLength(1);
    expect(received.from[0]).toMatchObject({ node: nodeOf(a), thisPc: false, records: 3 });
    expect(received.from[0]!.kinds).toEqual({ clients: 2, services: 1 });
    // Who: the counsellor the service names (the core's system actor in this test).
    expect(received.from[0]!.who).toEqual(['system']);
    expect(Date.parse(received.from[0]!.latestAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(received.items.map((i) => i.label).sort()).toEqual([
      'Jovanović Mira',
      'Jovanović Mira',
      'Petrović Ana',
    ]);
    // A sync that brings nothing says so at the next preview.
    await b.core.call('sync.run', {});
    expect((await b.core.call('sync.preview', {})).lastReceived).toMatchObject({ records: 0, from: [] });
  }, 60_000);

  it('prints the preview in the command line, as plain JSON with --json, and sends nothing', async () => {
    const at = await office();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-preview-cli-'));
    try {
      const core = createCore({ dataDir: dir, log: () => {} });
      await core.call('sync.enroll', { serverUrl: server.url, code: await enrolmentCode(server, at.id) });
      await core.call('clients.create', {
        client: { surname: 'Đorđević', givenName: 'Sava', category: 'returnee_germany' },
      });
      core.close();
      const cli = async (argv: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
        return { code, out: out.join('\n'), err: err.join('\n') };
      };
      const text = await cli(['sync', '--preview', '--data', dir]);
      expect(text.code).toBe(0);
      expect(text.out).toContain('To be sent: 1 change(s) to 1 record(s):');
      expect(text.out).toContain('  clients: 1 record(s), 1 change(s)');
      expect(text.out).toContain('  Đorđević Sava — clients, new');
      expect(text.out).toContain('Nothing has been received from elsewhere yet.');
      expect(text.out).toContain('Nothing was sent: this is a preview.');
      const json = await cli(['sync', '--preview', '--json', '--data', dir]);
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.out) as { outgoing: { changes: number; items: { label: string }[] } };
      expect(parsed.outgoing.changes).toBe(1);
      expect(parsed.outgoing.items[0]!.label).toBe('Đorđević Sava');
      expect((await cli(['sync', '--preview', '--to-file', 'x.msc', '--data', dir])).code).toBe(1);
      // Still waiting: the preview sent nothing; a sync then sends it, as before.
      const synced = await cli(['sync', '--data', dir]);
      expect(synced.out).toMatch(/^Pushed 1 change\(s\), pulled 0, in \d+ ms\./);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a cancel mid-pull keeps whole pages, checks clean, and the next sync resumes to the same records', async () => {
    const at = await office();
    const writer = await desk(at, false);
    await importClients(writer, 1500, 41);
    await writer.core.call('sync.run', {});

    const fresh = await desk(at);
    proxy.shape({ bitsPerSecond: 64_000, rttMs: 100 });
    const run = fresh.core.call('sync.run', {});
    const seen = await progressPast(fresh, (r) => r.phase === 'pull' && (r.records ?? 0) > 0);
    expect(seen.bytesReceived).toBeGreaterThan(0);
    expect(await fresh.core.call('sync.cancel', {})).toEqual({ cancelling: true });
    const result = await run;
    expect(result.cancelled).toBe(true);
    expect(result.pulled).toBeGreaterThan(0);
    expect(result.pulled).toBeLessThan(1500);
    // Whole pages only: every record received is here, complete, and nothing more.
    expect(liveClients(fresh)).toHaveLength(result.pulled);
    const writerRows = new Map(liveClients(writer).map((r) => [(r as { id: string }).id, r]));
    for (const row of liveClients(fresh)) expect(row).toEqual(writerRows.get((row as { id: string }).id));
    expect((await fresh.core.call('system.check', {})).ok).toBe(true);
    const status = await fresh.core.call('sync.status', {});
    expect(status.running).toBeNull();
    expect(status.lastError).toBeNull();
    expect(status.behind).toMatchObject({ have: result.pulled, total: 1500 });
    expect((await fresh.core.call('sync.preview', {})).lastReceived).toMatchObject({
      complete: false,
      records: result.pulled,
    });
    expect(await fresh.core.call('sync.cancel', {})).toEqual({ cancelling: false });

    proxy.shape({ bitsPerSecond: Infinity, rttMs: 0 });
    const rest = await fresh.core.call('sync.run', {});
    expect(rest.cancelled).toBeUndefined();
    expect(result.pulled + rest.pulled).toBe(1500);
    expect(liveClients(fresh)).toEqual(liveClients(writer));
    expect((await fresh.core.call('sync.status', {})).behind).toBeNull();
    expect((await fresh.core.call('system.check', {})).ok).toBe(true);
  }, 120_000);

  it('a cancel mid-push leaves whole batches or none on the server; the next sync sends the rest once', async () => {
    const at = await office();
    const a = await desk(at);
    const b = await desk(at, false);
    await importClients(a, 1500, 43);
    proxy.shape({ bitsPerSecond: 64_000, rttMs: 100 });
    const run = a.core.call('sync.run', {});
    await progressPast(a, (r) => r.phase === 'push' && r.pushed > 0);
    expect((await a.core.call('sync.cancel', {})).cancelling).toBe(true);
    const result = await run;
    expect(result.cancelled).toBe(true);
    expect(result.pushed).toBeGreaterThan(0);
    expect(result.pushed).toBeLessThan(1500);
    expect((await a.core.call('system.check', {})).ok).toBe(true);
    // The server holds the batches it answered, and at most the one whose answer the cancel cut off.
    const logged = await deviceLog(a);
    expect(logged.n).toBe(logged.distinct);
    expect(logged.n).toBeGreaterThanOrEqual(result.pushed);
    const status = await a.core.call('sync.status', {});
    expect(status.pendingCount).toBe(1500 - result.pushed);
    expect(status.lastError).toBeNull();

    proxy.shape({ bitsPerSecond: Infinity, rttMs: 0 });
    const rest = await a.core.call('sync.run', {});
    expect(result.pushed + rest.pushed + rest.duplicates).toBe(1500);
    expect(await deviceLog(a)).toEqual({ n: 1500, distinct: 1500 });
    expect((await a.core.call('sync.status', {})).pendingCount).toBe(0);
    await b.core.call('sync.run', {});
    expect(liveClients(b)).toHaveLength(1500);
    expect(liveClients(b)).toEqual(liveClients(a));
    expect((await b.core.call('system.check', {})).ok).toBe(true);
  }, 120_000);
});
