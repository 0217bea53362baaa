import { addOffice } from '../src/server/devices';
import { startFleet } from '../tests/server/fleet';
import { rawDevice, stampAt, type RawDevice } from '../tests/server/raw-device';
import { figure, type BenchModule } from './measure';

/**
 * The sync server past one process: push and pull throughput through 1, 2 and 4 server processes
 * (src/server/main.ts, as `npm run server` runs it) over one PostgreSQL schema, behind a balancer
 * that sends each request to a process at random (tests/server/fleet.ts). Eight devices push
 * 500-change batches of new client rows at once, then each pulls the whole log in 2,000-entry
 * pages at once. Needs PostgreSQL (DATABASE_URL); the server processes share this machine's cores
 * with the devices, so the figures show what more processes buy here, not on a real cluster.
 */

const DEVICES = 8;
const BATCHES = 5;
const BATCH = 500;
const PROCESS_COUNTS = [1, 2, 4];
const PUSH_TARGET = 500; // changes/s through the fleet
const PULL_TARGET = 2000; // entries/s through the fleet

function batch(device: number, round: number) {
  const now = Date.now();
  return Array.from({ length: BATCH }, (_, i) => ({
    h: stampAt(now),
    t: 'clients',
    r: `bench-${device}-${round}-${i}`,
    f: {
      surname: `Petrović${i}`,
      given_name: 'Jelena',
      phone: `064 ${100000 + i}`,
      category: 'returnee_germany',
      created_at: new Date(now).toISOString(),
      preferred_script: 'latn',
    },
  }));
}

async function pullAll(device: RawDevice): Promise<number> {
  let after = 0;
  let entries = 0;
  for (;;) {
    const page = await device.pull(after);
    if (page.status !== 200) throw new Error(`pull answered ${page.status}`);
    entries += page.body.changes.length;
    after = page.body.next;
    if (!page.body.more) return entries;
  }
}

export const serverProcessesBench: BenchModule = {
  name: 'serverProcesses',
  async run(progress) {
    if (!process.env.DATABASE_URL) return { skipped: 'needs PostgreSQL: set DATABASE_URL' };
    const result: Record<string, unknown> = {};
    for (const processes of PROCESS_COUNTS) {
      progress(`${processes} process(es): starting`);
      const fleet = await startFleet({ processes });
      try {
        const office = await addOffice(fleet.storage, `Bench ${processes}`, { now: new Date() });
        const devices = await Promise.all(
          Array.from({ length: DEVICES }, () => rawDevice(fleet.url, fleet.storage, office)),
        );
        progress(`${processes} process(es): pushing ${DEVICES * BATCHES * BATCH} changes`);
        let started = performance.now();
        await Promise.all(
          devices.map(async (device, d) => {
            for (let round = 0; round < BATCHES; round++) {
              const answer = await device.push(batch(d, round));
              if (answer.status !== 200 || answer.body.accepted !== BATCH)
                throw new Error(
                  `push answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}`,
                );
            }
          }),
        );
        const pushSeconds = (performance.now() - started) / 1000;
        progress(`${processes} process(es): pulling`);
        started = performance.now();
        const pulled = (await Promise.all(devices.map(pullAll))).reduce((a, b) => a + b, 0);
        const pullSeconds = (performance.now() - started) / 1000;
        result[`processes${processes}`] = {
          pushChangesPerSecond: figure((DEVICES * BATCHES * BATCH) / pushSeconds, 'changes/s', {
            min: PUSH_TARGET,
          }),
          pullEntriesPerSecond: figure(pulled / pullSeconds, 'entries/s', { min: PULL_TARGET }),
          pushSeconds: Math.round(pushSeconds * 1000) / 1000,
          pullSeconds: Math.round(pullSeconds * 1000) / 1000,
          entriesPulled: pulled,
        };
      } finally {
        await fleet.close();
      }
    }
    return { devices: DEVICES, changesPushed: DEVICES * BATCHES * BATCH, ...result };
  },
};
