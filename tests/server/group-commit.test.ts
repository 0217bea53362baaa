import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openServerData } from '../../src/server/admin';
import type { Device } from '../../src/server/devices';
import type { Storage } from '../../src/server/storage';
import { push } from '../../src/server/sync-log';
import type { PushedChange, PushResponse } from '../../src/shared/sync';
import { backends, dropSchema, type Backend } from './backends';

/**
 * Group commit (sync-log.ts): pushes that arrive while a push transaction runs go together in the
 * next one. Each must land as it would have alone, one after the other: the same rows, the same log
 * entries, the same answers, a resend inside the group a duplicate (0 doubled), and one push that
 * fails fails alone, whole, while the others of its group land.
 */

const opened: { storage: Storage; schema?: string }[] = [];
afterAll(async () => {
  for (const { storage, schema } of opened) {
    await storage.close();
    if (schema) await dropSchema(schema);
  }
});

async function serverData(backend: Backend): Promise<Storage> {
  const schema = backend === 'postgres' ? `msc_test_${randomBytes(6).toString('hex')}` : undefined;
  const storage = await openServerData(
    backend === 'postgres' ? { databaseUrl: process.env.DATABASE_URL!, schema } : {},
  );
  opened.push({ storage, schema });
  return storage;
}

/** Offices and devices with fixed ids, so two databases given the same pushes can be compared. */
async function fleet(storage: Storage): Promise<Device[]> {
  const now = new Date(Date.UTC(2026, 11, 2)).toISOString();
  const devices: Device[] = [];
  for (const office of ['office-a', 'office-b']) {
    await storage.query('INSERT INTO offices (id, name, centre, created_at) VALUES ($1, $2, false, $3)', [
      office,
      office,
      now,
    ]);
    for (let d = 0; d < 3; d++) {
      const id = `${office}-device-${d}`;
      const node = `${office === 'office-a' ? 'a' : 'b'}${d}`.padEnd(16, '0');
      await storage.query(
        'INSERT INTO devices (id, office_id, node, name, token_hash, enrolled_at) VALUES ($1, $2, $3, $1, $4, $5)',
        [id, office, node, `hash-${id}`, now],
      );
      devices.push({ id, officeId: office, officeName: office, centre: false, node });
    }
  }
  return devices;
}

const stamp = (n: number) => `${(1_790_000_000_000 + n).toString(36).padStart(9, '0')}-0000`;

/**
 * A day of pushes that meet: new rows, two devices editing one field (the later stamp must win
 * whichever push comes first), a stale edit, a resend of a push still in flight, a write into the
 * other office's row (refused), a change that cannot be stored (refused alone).
 */
function work(devices: Device[]): { device: Device; changes: PushedChange[] }[] {
  const [a0, a1, a2, b0, b1] = devices as [Device, Device, Device, Device, Device];
  const client = (r: string, n: number, surname: string): PushedChange => ({
    h: stamp(n),
    t: 'clients',
    r,
    f: { surname, given_name: 'Ana', category: 'returnee_germany', created_at: '2026-12-02T08:00:00.000Z' },
  });
  const edit = (r: string, n: number, phone: string): PushedChange => ({
    h: stamp(n),
    t: 'clients',
    r,
    f: { phone },
  });
  const first = [client('ca-1', 1, 'Jovanović'), client('ca-2', 2, 'Petrović')];
  return [
    { device: a0, changes: first },
    { device: b0, changes: [client('cb-1', 3, 'Nikolić')] },
    { device: a1, changes: [edit('ca-1', 20, '064 1'), edit('ca-2', 21, '064 2')] },
    { device: a2, changes: [edit('ca-1', 10, '064 stale'), client('ca-3', 11, 'Ilić')] },
    { device: a0, changes: first }, // the same push again: a device that gave up waiting and resent it
    { device: b1, changes: [edit('ca-1', 30, '065 not yours'), edit('cb-1', 31, '065 3')] },
    {
      device: a1,
      changes: [
        { h: stamp(40), t: 'clients', r: 'ca-3', f: { surname: 'bad\u0000name' } },
        edit('ca-2', 41, '064 22'),
      ],
    },
    { device: b0, changes: [edit('cb-1', 5, '065 stale')] },
  ];
}

async function state(storage: Storage) {
  const rows = await storage.query(
    'SELECT tbl, row_id, office_id, fields, hlcs FROM sync_rows ORDER BY tbl, row_id',
  );
  const log = await storage.query(
    'SELECT office_id, device_id, tbl, row_id, hlc, fields, kind, creates, removes FROM sync_log ORDER BY tbl, row_id, hlc',
  );
  const applied = await storage.query('SELECT hlc, device_id FROM sync_applied ORDER BY hlc');
  return { rows, log, applied };
}

const shape = (answer: PushResponse) => ({
  accepted: answer.accepted,
  duplicates: answer.duplicates,
  refused: answer.refused.map((r) => ({ h: r.h, reason: r.reason })),
});

describe.each(backends)('group commit (%s)', (backend) => {
  it('lands pushes that arrive together as they would one after the other', async () => {
    const alone = await serverData(backend);
    const together = await serverData(backend);
    const now = new Date();
    const oneByOne: PushResponse[] = [];
    for (const { device, changes } of work(await fleet(alone)))
      oneByOne.push(await push(alone, device, { changes }, now));
    // The first push lands before the others, so that office b's write into office a's row meets
    // its row already there.
    const [first, ...rest] = work(await fleet(together));

    // Everything at once: the first goes alone, the rest wait for it and go as one group (one
    // queue per server process, on both backends).
    let transactions = 0;
    const counting: Storage = {
      ...together,
      query: (sql, params) => together.query(sql, params),
      transaction: (fn) => {
        transactions++;
        return together.transaction(fn);
      },
    };
    const pushes = [first!, ...rest];
    const atOnce = [await push(together, first!.device, { changes: first!.changes }, now)];
    atOnce.push(
      ...(await Promise.all(rest.map(({ device, changes }) => push(counting, device, { changes }, now)))),
    );
    expect(transactions).toBeLessThan(rest.length);

    expect(atOnce.map(shape)).toEqual(oneByOne.map(shape));
    expect(await state(together)).toEqual(await state(alone));
    // The resend doubled nothing, the later stamp won, the refused changes left no trace.
    expect(atOnce[4]).toMatchObject({ accepted: 0, duplicates: 2 });
    const rows = (await state(together)).rows as { row_id: string; fields: Record<string, unknown> }[];
    expect(rows.find((r) => r.row_id === 'ca-1')!.fields.phone).toBe('064 1');
    expect(rows.find((r) => r.row_id === 'ca-2')!.fields.phone).toBe('064 22');
    expect(rows.find((r) => r.row_id === 'cb-1')!.fields.phone).toBe('065 3');
    expect(rows.find((r) => r.row_id === 'ca-3')!.fields.surname).toBe('Ilić');

    // Each answer's head covers its own entries, and a device of the office reading to it misses none.
    const log = await together.query<{ seq: number; device_id: string; hlc: string }>(
      'SELECT seq, device_id, hlc FROM sync_log ORDER BY seq',
    );
    pushes.forEach(({ device, changes }, i) => {
      const mine = log.filter(
        (e) => e.device_id === device.id && changes.some((c) => e.hlc === `${c.h}-${device.node}`),
      );
      for (const entry of mine) expect(Number(entry.seq)).toBeLessThanOrEqual(atOnce[i]!.head);
    });
    const [head] = await together.query<{ seq: number }>(
      "SELECT seq FROM sync_heads WHERE scope = 'office-a'",
    );
    const lastOfA = Math.max(
      ...log.filter((e) => e.device_id.startsWith('office-a')).map((e) => Number(e.seq)),
    );
    expect(Number(head!.seq)).toBe(lastOfA);
  }, 60_000);

  it('fails one failing push alone, whole, and lands the others of its group', async () => {
    const storage = await serverData(backend);
    const devices = await fleet(storage);
    // A fault the database raises for one row only, as a disk or a constraint might.
    await storage.exec(`
      CREATE FUNCTION h7_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.row_id = 'poison' THEN RAISE EXCEPTION 'poisoned row'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER h7_poison BEFORE INSERT ON sync_rows FOR EACH ROW EXECUTE FUNCTION h7_poison();
    `);
    const now = new Date();
    const change = (r: string, n: number): PushedChange => ({
      h: stamp(n),
      t: 'clients',
      r,
      f: {
        surname: `S${n}`,
        given_name: 'Ana',
        category: 'returnee_germany',
        created_at: '2026-12-02T08:00:00.000Z',
      },
    });
    const jobs = [
      { device: devices[0]!, changes: [change('first', 1)] },
      { device: devices[1]!, changes: [change('good-1', 2)] },
      { device: devices[2]!, changes: [change('fine', 3), change('poison', 4)] },
      { device: devices[0]!, changes: [change('good-2', 5)] },
      { device: devices[3]!, changes: [change('good-3', 6)] },
    ];
    const outcomes = await Promise.allSettled(
      jobs.map(({ device, changes }) => push(storage, device, { changes }, now)),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/poisoned row/);
    for (const i of [0, 1, 3, 4])
      expect((outcomes[i] as PromiseFulfilledResult<PushResponse>).value).toMatchObject({ accepted: 1 });

    const ids = (await storage.query<{ row_id: string }>('SELECT row_id FROM sync_rows ORDER BY row_id')).map(
      (r) => r.row_id,
    );
    expect(ids).toEqual(['first', 'good-1', 'good-2', 'good-3']);
    const applied = await storage.query('SELECT hlc FROM sync_applied WHERE device_id = $1', [
      devices[2]!.id,
    ]);
    expect(applied).toEqual([]);
    expect(await storage.query("SELECT 1 FROM sync_log WHERE row_id IN ('fine', 'poison')")).toEqual([]);

    // Sent again once the fault is gone, it lands whole, once.
    await storage.exec('DROP TRIGGER h7_poison ON sync_rows');
    const again = await push(storage, devices[2]!, { changes: jobs[2]!.changes }, now);
    expect(again).toMatchObject({ accepted: 2, duplicates: 0 });
  }, 60_000);
});
