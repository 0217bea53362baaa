import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleHead } from '../../src/server/sync-log';
import type { Office, PushedChange } from '../../src/shared/sync';
import { startTestServer, type TestServer } from './backends';
import { call, rawDevice, rawOffice, stampAt, type RawDevice } from './raw-device';

/**
 * One head per office (migration 0004, sync-log.ts): log numbers come from a sequence and may
 * commit out of order. A push is held inside its transaction after it took its numbers (the test
 * holds the lock on its device's row, which the push's last statement updates), while other
 * writers commit higher numbers: a device of the held push's office must not be handed a cursor
 * past the held number, or it would never receive that entry. Offices do not wait for each other;
 * a transfer into the held office and a push of reference data do. Needs PostgreSQL (PGlite runs one
 * transaction at a time, so nothing commits out of order there).
 */

interface FeedPage {
  head: number;
  entries: { s: number; r: string; k?: string }[];
  next: number;
  more: boolean;
}

async function feed(url: string, device: RawDevice, after: number): Promise<FeedPage> {
  const response = await fetch(`${url}/v1/feed?after=${after}`, {
    headers: { authorization: `Bearer ${device.token}` },
  });
  expect(response.status).toBe(200);
  const lines = (await response.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const end = lines.at(-1) as { next: number; more: boolean };
  return {
    head: Number(lines[0]!.head),
    entries: lines.slice(1, -1) as FeedPage['entries'],
    next: end.next,
    more: end.more,
  };
}

const change = (r: string, f: PushedChange['f'], t = 'clients'): PushedChange => ({
  h: stampAt(Date.now()),
  t,
  r,
  f,
});

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited 20 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether a promise is still pending after a moment. */
async function pending(promise: Promise<unknown>, ms = 300): Promise<boolean> {
  const marker = Symbol('pending');
  const winner = await Promise.race([
    promise.then(() => null),
    new Promise((resolve) => setTimeout(() => resolve(marker), ms)),
  ]);
  return winner === marker;
}

describe.runIf(process.env.DATABASE_URL)('log numbers that commit out of order (postgres)', () => {
  let server: TestServer;
  let holder: pg.Client;

  beforeAll(async () => {
    server = await startTestServer('postgres');
    holder = new pg.Client({
      connectionString: process.env.DATABASE_URL,
      options: `-c search_path=${server.storageOptions.schema}`,
    });
    await holder.connect();
  }, 120_000);
  afterAll(async () => {
    await holder?.end();
    await server?.dispose();
  });

  const lastNumber = async () =>
    Number(
      (
        await server.storage.query<{ n: number }>(
          'SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM sync_seq',
        )
      )[0]!.n,
    );

  /** Starts `device`'s push and holds it inside its transaction, after it took its numbers. */
  async function heldPush(device: RawDevice, changes: PushedChange[]) {
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM devices WHERE id = $1 FOR UPDATE', [device.deviceId]);
    const before = await lastNumber();
    const answer = device.push(changes);
    await until(
      async () => (await lastNumber()) >= before + changes.length,
      'the held push to take its numbers',
    );
    return {
      answer,
      numbers: [before + 1, before + changes.length] as const,
      release: () => holder.query('ROLLBACK'),
    };
  }

  it('never hands a cursor past a number that commits later, in the office or through transfers and reference data', async () => {
    const a = await rawOffice(server.storage, 'Held');
    const b = await rawOffice(server.storage, 'Other');
    const centre = await rawOffice(server.storage, 'Centre', true);
    const device = (office: Office) => rawDevice(server.url, server.storage, office);
    const [a1, a2, b1, b2, c1] = [
      await device(a),
      await device(a),
      await device(b),
      await device(b),
      await device(centre),
    ];
    // Something to transfer later, and a start for every cursor.
    expect((await b1.push([change('moving', { surname: 'Moving' })])).status).toBe(200);
    let cursor = (await feed(server.url, a2, 0)).next;

    const held = await heldPush(a1, [
      change('held-1', { surname: 'Held' }),
      change('held-2', { surname: 'Too' }),
    ]);
    // Another office commits a higher number meanwhile, without waiting for the held push.
    const other = await b1.push([change('other-1', { surname: 'Other' })]);
    expect(other.status).toBe(200);
    expect(other.body.head).toBeGreaterThan(held.numbers[1]);
    expect((await feed(server.url, b2, 0)).entries.map((e) => e.r)).toContain('other-1');

    // Writers whose entries the held office sees wait for it: a transfer into it, reference data.
    const moved = call(server.url, 'POST', '/transfer', {
      token: b1.token,
      body: { t: 'clients', r: 'moving', to: a.id, reason: 'Moved' },
    });
    const reference = c1.push([change('code-1', { name: 'Bujanovac', code: '123' }, 'municipality_codes')]);
    expect(await pending(moved)).toBe(true);
    expect(await pending(reference)).toBe(true);

    // The held office's devices are not handed a cursor past the held numbers.
    const during = await feed(server.url, a2, cursor);
    expect(during.head).toBeLessThan(held.numbers[0]);
    expect(during.next).toBeLessThan(held.numbers[0]);
    expect(await visibleHead(server.storage, a.id)).toBeLessThan(held.numbers[0]);
    cursor = during.next;
    const seen = during.entries.map((e) => e.r);

    await held.release();
    expect((await held.answer).body).toMatchObject({ accepted: 2 });
    expect((await moved).status).toBe(200);
    expect((await reference).body).toMatchObject({ accepted: 1 });

    for (let page = 0; page < 10; page++) {
      const got = await feed(server.url, a2, cursor);
      seen.push(...got.entries.map((e) => e.r));
      cursor = got.next;
      if (!got.more) break;
    }
    // Everything the office sees arrived, the held entries below the numbers committed before them too.
    expect(seen.sort()).toEqual(['code-1', 'held-1', 'held-2', 'moving']);
    expect(cursor).toBe(await visibleHead(server.storage, a.id));
  });

  it('lets one office, not two, create a row two offices sent as new at the same moment', async () => {
    const x = await rawOffice(server.storage, 'First');
    const y = await rawOffice(server.storage, 'Second');
    const x1 = await rawDevice(server.url, server.storage, x);
    const y1 = await rawDevice(server.url, server.storage, y);

    const held = await heldPush(x1, [change('same-id', { surname: 'From X', phone: '064 1' })]);
    // The second office's push may wait for the first's row, or commit before it: either way one office wins.
    const racing = y1.push([change('same-id', { surname: 'From Y' })]);
    await pending(racing);
    await held.release();
    const [first, second] = await Promise.all([held.answer, racing]);

    const [row] = await server.storage.query<{ office_id: string; fields: Record<string, unknown> }>(
      "SELECT office_id, fields FROM sync_rows WHERE tbl = 'clients' AND row_id = 'same-id'",
    );
    const answers = [first.body, second.body];
    const owner = row!.office_id === x.id ? 0 : 1;
    expect(row!.fields).toEqual(owner === 0 ? { surname: 'From X', phone: '064 1' } : { surname: 'From Y' });
    expect(answers[owner]).toMatchObject({ accepted: 1, refused: [] });
    // The other is refused, and shown nothing of the row.
    expect(answers[1 - owner]!.refused).toEqual([
      expect.objectContaining({ reason: 'scope', status: 403, current: {} }),
    ]);
    const logged = await server.storage.query<{ office_id: string }>(
      "SELECT office_id FROM sync_log WHERE row_id = 'same-id'",
    );
    expect(logged).toEqual([{ office_id: row!.office_id }]);
  });
});
