import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTransport, type Transport } from '../src/core/sync/transport';
import { openServerData } from '../src/server/admin';
import { addOffice, createEnrolmentCode } from '../src/server/devices';
import type { Storage } from '../src/server/storage';
import type { PushedChange } from '../src/shared/sync';
import { startProcess, type FleetProcess } from '../tests/server/fleet';
import { figure, latencies, type BenchModule } from './measure';

/**
 * Many offices at once (issue 17): 200 simulated devices in 20 offices — each the device side of
 * the wire (src/core/sync/transport.ts), without a database of its own — push a small day's work
 * and pull their office's log to the end, all at the same time, against one server process
 * (`npm run server`, src/server/main.ts, in a process of its own as in production, so the devices'
 * own work does not run on the server's event loop): on the embedded PGlite in a data folder and,
 * when DATABASE_URL is set, on PostgreSQL. `serverCpuSeconds` is the server process's own CPU time
 * for the run. Offices have their own log heads (migration 0004): pushes of different offices do
 * not wait for each other.
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

/** The CPU seconds a process has used so far (Linux), or null. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
  } catch {
    return null;
  }
}

/** Offices and one enrolment code per device, written before the server starts (PGlite is single-process). */
async function prepareOffices(storage: Storage): Promise<string[][]> {
  const codes: string[][] = [];
  for (let o = 0; o < OFFICES; o++) {
    const office = await addOffice(storage, `Fleet office ${o}`, { now: new Date() });
    const mine: string[] = [];
    for (let d = 0; d < DEVICES_PER_OFFICE; d++)
      mine.push((await createEnrolmentCode(storage, office.id, { now: new Date() })).code);
    codes.push(mine);
  }
  return codes;
}

async function runFleet(server: FleetProcess, codes: string[][]) {
  const devices: SimulatedDevice[] = [];
  for (const [o, officeCodes] of codes.entries()) {
    for (const code of officeCodes) {
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
  const cpuBefore = cpuSeconds(server.child.pid);
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
  const cpuAfter = cpuSeconds(server.child.pid);
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
    serverCpuSeconds:
      cpuBefore === null || cpuAfter === null ? null : Math.round((cpuAfter - cpuBefore) * 100) / 100,
    errorMessages: [...messages].slice(0, 3),
    // Other work on the machine (1, 5, 15 min) when the run ended: on 2 cores shared with other
    // jobs, the latencies above mostly measure the queue for a core, `serverCpuSeconds` does not.
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

async function stopProcess(server: FleetProcess): Promise<void> {
  if (server.child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

const logEntries = async (storage: Storage) =>
  Number((await storage.query<{ n: number }>('SELECT count(*) AS n FROM sync_log'))[0]?.n ?? 0);

export const fleetBench: BenchModule = {
  name: 'fleet',
  async run(progress) {
    const result: Record<string, unknown> = {};
    const log = (line: string) => progress(`server: ${line}`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-bench-fleet-'));
    try {
      progress(`${OFFICES * DEVICES_PER_OFFICE} devices in ${OFFICES} offices on PGlite`);
      let storage = await openServerData({ dataDir });
      const codes = await prepareOffices(storage);
      await storage.close();
      const embedded = await startProcess('', dataDir, log);
      try {
        result.pglite = await runFleet(embedded, codes);
      } finally {
        await stopProcess(embedded);
      }
      storage = await openServerData({ dataDir });
      (result.pglite as Record<string, unknown>).logEntries = await logEntries(storage);
      await storage.close();

      if (process.env.DATABASE_URL) {
        progress('the same on PostgreSQL');
        const schema = `msc_bench_fleet_${randomBytes(4).toString('hex')}`;
        storage = await openServerData({ databaseUrl: process.env.DATABASE_URL, schema });
        const url = new URL(process.env.DATABASE_URL);
        url.searchParams.set('options', `-c search_path=${schema}`);
        const server = await startProcess(url.toString(), dataDir, log);
        try {
          result.postgres = await runFleet(server, await prepareOffices(storage));
          (result.postgres as Record<string, unknown>).logEntries = await logEntries(storage);
        } finally {
          await stopProcess(server);
          await storage.close();
          const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await client.end();
        }
      } else result.postgres = 'not run: set DATABASE_URL';
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    return result;
  },
};
