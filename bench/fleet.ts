import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTransport, type Transport } from '../src/core/sync/transport';
import { startServer, type StartedServer } from '../src/server/admin';
import { addOffice, createEnrolmentCode } from '../src/server/devices';
import type { PushedChange } from '../src/shared/sync';
import { figure, latencies, type BenchModule } from './measure';

/**
 * Many offices at once (issue 17): 200 simulated devices in 20 offices — each the device side of
 * the wire (src/core/sync/transport.ts), without a database of its own — push a small day's work
 * and pull their office's log to the end, all at the same time, against one server process: on
 * the embedded PGlite and, when DATABASE_URL is set, on PostgreSQL. Every push takes the one
 * `sync_head` row lock; the time requests wait on it is what `pushP95Ms` shows.
 */

const OFFICES = 20;
const DEVICES_PER_OFFICE = 10;
const CLIENTS_PER_DEVICE = 8; // a small day's work: new clients, then an edit of each
const P95_TARGET_MS = 1000;

const stamp = (millis: number, n: number) =>
  `${millis.toString(36).padStart(9, '0')}-${n.toString(36).padStart(4, '0')}`;

interface SimulatedDevice {
  link: Transport;
  office: number;
}

async function runFleet(server: StartedServer) {
  const devices: SimulatedDevice[] = [];
  for (let o = 0; o < OFFICES; o++) {
    const office = await addOffice(server.storage, `Fleet office ${o}`, { now: new Date() });
    for (let d = 0; d < DEVICES_PER_OFFICE; d++) {
      const { code } = await createEnrolmentCode(server.storage, office.id, { now: new Date() });
      const node = randomBytes(8).toString('hex');
      const enrolled = await createTransport({ serverUrl: server.url }).enroll({ code, node });
      devices.push({ link: createTransport({ serverUrl: server.url, token: enrolled.token }), office: o });
    }
  }
  const push: number[] = [];
  const pull: number[] = [];
  let errors = 0;
  const messages = new Set<string>();
  const timed = async <T>(samples: number[], work: () => Promise<T>): Promise<T | null> => {
    const started = performance.now();
    try {
      return await work();
    } catch (error) {
      errors++;
      messages.add(
        error instanceof Error ? error.message.replace(/http:\/\/[^ ]+/, 'SERVER') : String(error),
      );
      return null;
    } finally {
      samples.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(
    devices.map(async (device, i) => {
      const now = Date.now();
      const ids = Array.from({ length: CLIENTS_PER_DEVICE }, () => randomUUID());
      const created: PushedChange[] = ids.map((id, n) => ({
        h: stamp(now, n),
        t: 'clients',
        r: id,
        f: {
          surname: `Prezime${i}-${n}`,
          given_name: 'Ana',
          category: 'returnee_germany',
          created_at: new Date(now).toISOString(),
        },
      }));
      await timed(push, () => device.link.push({ now, changes: created }));
      const edits: PushedChange[] = ids.map((id, n) => ({
        h: stamp(now + 1, n),
        t: 'clients',
        r: id,
        f: { phone: `064 ${i}${n}` },
      }));
      await timed(push, () => device.link.push({ now: now + 1, changes: edits }));
      // Pull the office's log to its end.
      let after = 0;
      for (let page = 0; page < 100; page++) {
        const got = await timed(pull, () =>
          device.link.feed({ after, bytes: 256 * 1024, count: [], total: false }),
        );
        if (!got?.end) break;
        after = got.end.next;
        if (!got.end.more) break;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const [head] = await server.storage.query<{ seq: number }>('SELECT seq FROM sync_head WHERE id = 1');
  const all = [...push, ...pull];
  return {
    devices: devices.length,
    offices: OFFICES,
    totalSeconds: Math.round(seconds * 100) / 100,
    requests: all.length,
    errors: figure(errors, 'errors', { max: 0 }),
    p95: figure(latencies(all).p95Ms, 'ms', { max: P95_TARGET_MS }),
    push: latencies(push),
    pull: latencies(pull),
    logEntries: Number(head?.seq ?? 0),
    errorMessages: [...messages].slice(0, 3),
  };
}

export const fleetBench: BenchModule = {
  name: 'fleet',
  async run(progress) {
    const result: Record<string, unknown> = {};
    progress(`${OFFICES * DEVICES_PER_OFFICE} devices in ${OFFICES} offices on PGlite`);
    const embedded = await startServer({ port: 0, log: () => {} });
    try {
      result.pglite = await runFleet(embedded);
    } finally {
      await embedded.stop();
    }
    if (process.env.DATABASE_URL) {
      progress('the same on PostgreSQL');
      const schema = `msc_bench_fleet_${randomBytes(4).toString('hex')}`;
      const server = await startServer({
        databaseUrl: process.env.DATABASE_URL,
        schema,
        port: 0,
        log: () => {},
      });
      try {
        result.postgres = await runFleet(server);
      } finally {
        await server.stop();
        const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    } else result.postgres = 'not run: set DATABASE_URL';
    // What the one `sync_head` lock costs: pushes queue on it (push p95), and on PostgreSQL the
    // queued pushes hold pool connections that the pulls then wait for (pull p95).
    result.syncHead = 'pushes serialise on the one sync_head row; compare push and pull p95 above';
    return result;
  },
};
