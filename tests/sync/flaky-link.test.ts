import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRunResult } from '../../src/shared/contract/sync';
import { AppError } from '../../src/shared/errors';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { startFlakyProxy, type Cut, type FlakyProxy } from './flaky-proxy';
import { enrolledDesk, newOffice, type Desk } from './helpers';

/**
 * A link that drops connections in the middle of requests and of responses: every sync that
 * fails leaves things as they were or resumable, and once the link holds, both PCs and the server
 * have every record exactly once.
 */

const CLIENTS = 1200; // more than one push batch and one pull page

describe.each(backends)('a flaky link (%s)', (backend) => {
  let server: TestServer;
  let proxy: FlakyProxy;
  const desks: Desk[] = [];

  beforeAll(async () => {
    server = await startTestServer(backend);
    proxy = await startFlakyProxy(server.port);
  }, 120_000);
  afterAll(async () => {
    for (const desk of desks) desk.close();
    await proxy?.close();
    await server?.dispose();
  });

  /** Syncs through the proxy with the given cuts per attempt until one succeeds (bounded). */
  async function syncThrough(
    desk: Desk,
    attempts: Cut[][],
  ): Promise<{ result: SyncRunResult; failures: number }> {
    let failures = 0;
    for (let attempt = 0; attempt < attempts.length + 3; attempt++) {
      proxy.clearCuts();
      proxy.cut(...(attempts[attempt] ?? []));
      try {
        return { result: await desk.core.call('sync.run', {}), failures };
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'SYNC_LINK') throw error;
        failures++;
      }
    }
    throw new Error('sync never succeeded');
  }

  it('completes on retry with nothing lost or doubled', async () => {
    const office = await newOffice(server, 'Flaky office');
    const a = await enrolledDesk(server, office, { url: proxy.url });
    const b = await enrolledDesk(server, office, { url: proxy.url });
    desks.push(a, b);
    for (let i = 0; i < CLIENTS; i++) {
      await a.core.call('clients.create', {
        client: {
          surname: `Prezime${i}`,
          givenName: `Ime${i}`,
          category: 'returnee_other',
          phone: `064 ${100000 + i}`,
        },
      });
    }
    const outbox = (
      a.db.prepare("SELECT count(*) AS n FROM sync_outbox WHERE tbl = 'clients'").get() as { n: number }
    ).n;
    expect(outbox).toBe(CLIENTS);

    const three = (cut: Cut): Cut[] => [cut, cut, cut]; // more than the in-run retries ride out
    // Batches are sized by bytes to the link (link-fit.ts): the first one is about 32 kB of JSON.
    const pushed = await syncThrough(a, [
      three({ direction: 'request', afterBytes: 2_000 }), // the server never sees a whole batch
      three({ direction: 'response', afterBytes: 40 }), // the first batch is taken, its answer lost, again and again
      [
        { direction: 'request', afterBytes: 1_000 },
        { direction: 'response', afterBytes: 10 },
      ], // ridden out within the run
    ]);
    expect(pushed.failures).toBe(2);
    // The batch whose answers were lost is recognised, not taken twice; only it is sent again.
    expect(pushed.result.duplicates).toBeGreaterThan(0);
    expect(pushed.result.duplicates).toBeLessThan(CLIENTS);
    expect(pushed.result.pushed).toBe(CLIENTS - pushed.result.duplicates);

    // A page cut part-way keeps what arrived and the run resumes after it: three cuts, no failed sync.
    const pulled = await syncThrough(b, [three({ direction: 'response', afterBytes: 30_000 })]);
    expect(pulled.failures).toBe(0);
    expect(pulled.result.pulled).toBe(CLIENTS);

    const rows = (desk: Desk) =>
      desk.db.prepare('SELECT id, surname, given_name, phone, search_key FROM clients ORDER BY id').all();
    expect(rows(b)).toEqual(rows(a));
    expect(rows(b)).toHaveLength(CLIENTS);

    const deviceId = (
      a.db.prepare("SELECT value FROM sync_state WHERE key = 'device_id'").get() as { value: string }
    ).value;
    const [applied] = await server.storage.query<{ n: number }>(
      'SELECT count(*) AS n FROM sync_applied WHERE device_id = $1',
      [deviceId],
    );
    expect(Number(applied!.n)).toBe(CLIENTS);
    const [logged] = await server.storage.query<{ n: number; distinct: number }>(
      'SELECT count(*) AS n, count(DISTINCT hlc) AS distinct FROM sync_log WHERE device_id = $1',
      [deviceId],
    );
    expect(logged).toEqual({ n: CLIENTS, distinct: CLIENTS });
    expect((await a.core.call('sync.status', {})).pendingCount).toBe(0);
    expect((await b.core.call('sync.run', {})).pulled).toBe(0);
  }, 180_000);
});
