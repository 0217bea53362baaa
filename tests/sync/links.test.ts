import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientsCsv, generateClients } from '../../bench/client-generator';
import { createSyncService } from '../../src/core/sync/service';
import { AppError } from '../../src/shared/errors';
import type { Office } from '../../src/shared/sync';
import { backends } from '../server/backends';
import type { Desk } from './helpers';
import type { Cut } from './throttle-proxy';
import { useThrottledServer } from './throttled-server';

/**
 * Sync over a bad line (issue 17): through an in-process proxy with a bandwidth cap, a round
 * trip, cuts at random points and a dead mode. Nothing is lost or doubled, a cut page is resumed
 * rather than fetched again, a slow link that still delivers is not cut off, a dead one is
 * reported in seconds in one plain sentence, and an incomplete pull says the PC is behind.
 */

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** Words a person reads never carry socket or library codes. */
const INTERNAL_CODE = /UND_ERR|ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|socket hang up|fetch failed/i;

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

describe.each(backends)('sync over a bad line (%s)', (backend) => {
  const links = useThrottledServer(backend);
  const office = () => links.office();
  const desk = (at: Office, throughProxy = true) => links.desk(at, throughProxy);

  it('resumes a page cut part-way instead of fetching it again', async () => {
    const at = await office();
    const writer = await desk(at, false);
    await importClients(writer, 2000, 11);
    await writer.core.call('sync.run', {});

    const clean = await desk(at);
    links.proxy.resetBytes();
    await clean.core.call('sync.run', {});
    const cleanBytes = links.proxy.bytes().down;

    const cut = await desk(at);
    links.proxy.resetBytes();
    // Deep inside the answers: a restarted page would cost these bytes again.
    links.proxy.cut(
      { direction: 'response', afterBytes: 12_000 },
      { direction: 'response', afterBytes: 10_000 },
      { direction: 'response', afterBytes: 8_000 },
    );
    const cutsBefore = links.proxy.cutsMade();
    const result = await cut.core.call('sync.run', {});
    expect(links.proxy.cutsMade() - cutsBefore).toBe(3);
    expect(result.pulled).toBe(2000);
    expect(liveClients(cut)).toEqual(liveClients(writer));
    // Three cuts cost about three lines and three requests' headers, not 30 kB of pages again.
    expect(links.proxy.bytes().down).toBeLessThan(cleanBytes * 1.03 + 3 * 1_500);
    expect((await cut.core.call('sync.status', {})).behind).toBeNull();
  }, 60_000);

  it('random cuts lose nothing, double nothing, and converge', async () => {
    const cutArbitrary = fc.array(
      fc.record({
        direction: fc.constantFrom('request' as const, 'response' as const),
        afterBytes: fc.integer({ min: 0, max: 40_000 }),
      }),
      { minLength: 1, maxLength: 3 },
    );
    let seed = 100;
    await fc.assert(
      fc.asyncProperty(cutArbitrary, cutArbitrary, async (pushCuts: Cut[], pullCuts: Cut[]) => {
        const at = await office();
        const a = await desk(at);
        const b = await desk(at);
        await importClients(a, 300, seed++);
        // B has work of its own too: its push's answer then carries the first page of A's (the
        // anchor and that page fold into it), so the pull cuts fall in a folded answer as well.
        await importClients(b, 40, 10_000 + seed);
        const syncUntilDone = async (d: Desk, cuts: Cut[]) => {
          links.proxy.clearCuts();
          links.proxy.cut(...cuts);
          for (let attempt = 0; attempt < 6; attempt++) {
            try {
              const run = await d.core.call('sync.run', {});
              return { duplicates: run.duplicates, attempt };
            } catch (error) {
              if (!(error instanceof AppError) || error.code !== 'SYNC_LINK') throw error;
              expect(error.message).not.toMatch(INTERNAL_CODE);
            }
          }
          throw new Error('sync never completed');
        };
        const pushed = await syncUntilDone(a, pushCuts);
        // A replay after a lost answer is at most the batch that was in flight when each cut fell.
        expect(pushed.duplicates).toBeLessThanOrEqual(pushCuts.length * 1000);
        const pulled = await syncUntilDone(b, pullCuts);
        expect(pulled.duplicates).toBeLessThanOrEqual(pullCuts.length * 1000);
        links.proxy.clearCuts();
        await a.core.call('sync.run', {});

        expect(liveClients(b)).toHaveLength(340);
        expect(liveClients(b)).toEqual(liveClients(a));
        for (const [d, made] of [
          [a, 300],
          [b, 40],
        ] as const) {
          const deviceId = d.db.prepare("SELECT value FROM sync_state WHERE key = 'device_id'").get() as {
            value: string;
          };
          const [logged] = await links.server.storage.query<{ n: number; distinct: number }>(
            'SELECT count(*) AS n, count(DISTINCT hlc) AS distinct FROM sync_log WHERE device_id = $1',
            [deviceId.value],
          );
          expect(Number(logged!.n)).toBe(Number(logged!.distinct));
          expect(Number(logged!.n)).toBe(made);
        }
        expect((await b.core.call('sync.status', {})).behind).toBeNull();
        links.closeDesks();
      }),
      { numRuns: 6, endOnFailure: true },
    );
  }, 240_000);

  it('keeps going on a slow line that still delivers, with pages sized to it', async () => {
    const at = await office();
    const writer = await desk(at, false);
    await importClients(writer, 300, 21);
    await writer.core.call('sync.run', {});
    const reader = await desk(at);
    links.proxy.shape({ bitsPerSecond: 64_000, rttMs: 600 });
    // A stall limit of 2 s, far below the time the whole pull takes: only silence may end it.
    const service = createSyncService(reader.db, { clock: () => new Date(), stallMs: 2_000 });
    const started = performance.now();
    const result = await service.run({ confirmMassDelete: false });
    const seconds = (performance.now() - started) / 1000;
    expect(result.pulled).toBe(300);
    expect(seconds).toBeGreaterThan(2);
    expect(liveClients(reader)).toEqual(liveClients(writer));
  }, 60_000);

  it('reports a dead link within 20 s in plain words', async () => {
    const at = await office();
    const d = await desk(at);
    await d.core.call('clients.create', {
      client: { surname: 'Jovanović', givenName: 'Mira', category: 'returnee_germany' },
    });
    links.proxy.dead(true);
    const started = performance.now();
    const error = await failure(d.core.call('sync.run', {}));
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThanOrEqual(20);
    expect(error.code).toBe('SYNC_LINK');
    expect(error.message).toMatch(/sent nothing for 15 seconds/);
    expect(error.message).not.toMatch(INTERNAL_CODE);
    const status = await d.core.call('sync.status', {});
    expect(status.lastError?.message).toBe(error.message);
    expect(status.pendingCount).toBe(1);
  }, 40_000);

  it('says a PC is behind the centre until an interrupted pull has caught up', async () => {
    const at = await office();
    const writer = await desk(at, false);
    await importClients(writer, 600, 31);
    await writer.core.call('sync.run', {});

    const fresh = await desk(at);
    const enrolled = await fresh.core.call('sync.status', {});
    expect(enrolled.behind).toMatchObject({ have: 0, total: null });

    // The line dies part-way through the first pull (after some pages have arrived).
    links.proxy.shape({ bitsPerSecond: 64_000, rttMs: 100 });
    const service = createSyncService(fresh.db, { clock: () => new Date(), stallMs: 1_500 });
    const run = service.run({ confirmMassDelete: false });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    links.proxy.dead(true); // new connections hang; the one in flight is cut at its next bytes
    links.proxy.cut({ direction: 'response', afterBytes: 0 });
    const error = await failure(run);
    expect(error.code).toBe('SYNC_LINK');
    expect(error.message).toMatch(
      /^The link to the centre dropped; [\d,]+ of 600 records are here; the rest comes next time\.$/,
    );
    const behind = (await fresh.core.call('sync.status', {})).behind;
    expect(behind?.since).toBe(enrolled.behind?.since);
    expect(behind?.total).toBe(600);
    expect(behind!.have).toBeGreaterThan(0);
    expect(behind!.have).toBeLessThan(600);

    links.proxy.dead(false);
    links.proxy.clearCuts();
    links.proxy.shape({ bitsPerSecond: Infinity, rttMs: 0 });
    await fresh.core.call('sync.run', {});
    expect((await fresh.core.call('sync.status', {})).behind).toBeNull();
    expect(liveClients(fresh)).toEqual(liveClients(writer));
  }, 60_000);
});
