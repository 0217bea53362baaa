import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, type Transport } from '../../src/core/sync/transport';
import { addOffice, createEnrolmentCode } from '../../src/server/devices';
import { ERASED } from '../../src/server/erasure';
import type { Office, PullResponse, PushedChange } from '../../src/shared/sync';
import { backends, startTestServer, type TestServer } from './backends';

/**
 * Erasing a person on the server: once the erased client row and the purged rows about them
 * have arrived, in whichever order, the log holds none of the old values, a PC enrolling later
 * pulls none and ends with the same rows as the others, and other people's history is untouched.
 */

let counter = 0;
const stamp = (millis: number) =>
  `${millis.toString(36).padStart(9, '0')}-${(++counter % 1000).toString(36).padStart(4, '0')}`;

const SECRET = {
  surname: 'Vukašinović',
  jmbg: '0101990715000',
  note: 'Beleška-7Q: plaši se povratka',
  serviceNote: 'usluga-tajna-31',
  eventNote: 'tok-tajna-43',
  reason: 'Vukašinović se seli kod brata',
};
const secrets = Object.values(SECRET);
const leaks = (text: string) => secrets.filter((secret) => text.includes(secret));

describe.each(backends)('erasure on the sync server (%s)', (backend) => {
  let server: TestServer;
  const now = Date.now();

  beforeAll(async () => {
    server = await startTestServer(backend, { clock: () => new Date(now) });
  }, 120_000);
  afterAll(async () => server?.dispose());

  async function device(office: Office): Promise<Transport> {
    const { code } = await createEnrolmentCode(server.storage, office.id, { now: new Date(now) });
    const { token } = await createTransport({ serverUrl: server.url }).enroll({
      code,
      node: (++counter).toString(16).padStart(16, '0'),
    });
    return createTransport({ serverUrl: server.url, token, attempts: 1 });
  }

  const change = (t: string, r: string, f: PushedChange['f'], millis: number): PushedChange => ({
    h: stamp(millis),
    t,
    r,
    f,
  });

  const texts = async (sql: string, params: unknown[] = []) =>
    (await server.storage.query<{ text: string }>(sql, params)).map((row) => row.text);

  /** The log entries of rows, as the database stores them. */
  const history = (rowIds: string[]) =>
    texts(
      'SELECT fields::text AS text FROM sync_log WHERE row_id IN (SELECT jsonb_array_elements_text($1::text::jsonb)) ORDER BY seq',
      [JSON.stringify(rowIds)],
    );

  /** What a PC ends with after applying pulled changes: per field, the value with the latest stamp. */
  function replay(changes: PullResponse['changes'], into = new Map<string, RowState>()) {
    for (const entry of changes) {
      const key = `${entry.t}/${entry.r}`;
      if (entry.k === 'gone') {
        into.delete(key);
        continue;
      }
      const row = into.get(key) ?? { fields: {}, hlcs: {} };
      for (const [field, value] of Object.entries(entry.f ?? {})) {
        if ((row.hlcs[field] ?? '') >= entry.h) continue;
        row.fields[field] = value;
        row.hlcs[field] = entry.h;
      }
      into.set(key, row);
    }
    return into;
  }
  type RowState = { fields: Record<string, unknown>; hlcs: Record<string, string> };

  async function serverRows(office: Office): Promise<Map<string, Record<string, unknown>>> {
    const rows = await server.storage.query<{ tbl: string; row_id: string; fields: Record<string, unknown> }>(
      'SELECT tbl, row_id, fields FROM sync_rows WHERE office_id = $1',
      [office.id],
    );
    return new Map(rows.map((row) => [`${row.tbl}/${row.row_id}`, row.fields]));
  }

  const fieldsOf = (state: Map<string, RowState>) =>
    new Map([...state].map(([key, row]) => [key, row.fields]));

  /**
   * A person with casework written on two PCs (`a` and `w`), and someone else beside them; `b`
   * is a third PC of the office that has pulled it all.
   */
  async function office(name: string) {
    const office = await addOffice(server.storage, `${name} ${++counter}`, {
      centre: false,
      now: new Date(now),
    });
    const a = await device(office);
    const w = await device(office);
    const b = await device(office);
    const id = (kind: string) => `${kind}-${name}`;
    const ids = {
      person: id('person'),
      service: id('service'),
      procedure: id('procedure'),
      event: id('event'),
      other: id('other'),
      otherService: id('other-service'),
    };
    await a.push({
      now,
      changes: [
        change(
          'clients',
          ids.person,
          { surname: SECRET.surname, given_name: 'Zorislava', jmbg: SECRET.jmbg },
          now - 9000,
        ),
        change(
          'services',
          ids.service,
          { client_id: ids.person, kind: 'counselling', note: SECRET.serviceNote },
          now - 8900,
        ),
        change(
          'procedures',
          ids.procedure,
          { client_id: ids.person, kind: 'id_card', note: null },
          now - 8800,
        ),
        change(
          'clients',
          ids.other,
          { surname: 'Stojadinović', jmbg: '0202980710001', notes: 'other-note' },
          now - 8700,
        ),
        change(
          'services',
          ids.otherService,
          { client_id: ids.other, kind: 'legal', note: 'other-service-note' },
          now - 8600,
        ),
      ],
    });
    // The second PC adds a note and a step of the procedure: other entries of the same rows.
    await w.push({
      now,
      changes: [
        change('clients', ids.person, { notes: SECRET.note }, now - 8000),
        change(
          'procedure_events',
          ids.event,
          { procedure_id: ids.procedure, note: SECRET.eventNote },
          now - 7900,
        ),
      ],
    });
    const seen = await b.pull(0, 2000, []);
    return { office, a, b, ids, bCursor: seen.next, bState: replay(seen.changes) };
  }

  /** What the desk's erasure pushes: the tombstoned client, and the purge of each row about them. */
  function erasure(ids: { person: string; service: string; event: string }) {
    const at = new Date(now - 1000).toISOString();
    return {
      client: [
        change(
          'clients',
          ids.person,
          { surname: ERASED, given_name: ERASED, jmbg: null, notes: null, deleted_at: at, erased_at: at },
          now - 1000,
        ),
      ],
      rows: [
        change('services', ids.service, { note: null }, now - 1000),
        change('procedure_events', ids.event, { note: null }, now - 1000),
      ],
    };
  }

  it.each([
    ['the client row first', 'client' as const],
    ['the client row last', 'rows' as const],
  ])('forgets the old values with %s, and a PC enrolling later pulls none of them', async (_label, first) => {
    const { office: o, a, b, ids, bCursor, bState } = await office(first);
    expect(leaks(JSON.stringify([...bState]))).toHaveLength(secrets.length - 1); // all but the transfer reason
    const othersBefore = await history([ids.other, ids.otherService]);
    expect(leaks((await history([ids.person, ids.service, ids.event])).join('\n'))).toEqual(
      expect.arrayContaining([
        SECRET.surname,
        SECRET.jmbg,
        SECRET.note,
        SECRET.serviceNote,
        SECRET.eventNote,
      ]),
    );

    const erase = erasure(ids);
    const batches = first === 'client' ? [erase.client, erase.rows] : [erase.rows, erase.client];
    for (const changes of batches) await a.push({ now, changes });

    const log = await texts('SELECT fields::text AS text FROM sync_log WHERE office_id = $1', [o.id]);
    const rows = await texts('SELECT fields::text AS text FROM sync_rows WHERE office_id = $1', [o.id]);
    expect(leaks(log.join('\n'))).toEqual([]);
    expect(leaks(rows.join('\n'))).toEqual([]);
    // Each old entry still carries its own fields, now with the purged values.
    expect(await history([ids.person])).toEqual([
      expect.stringContaining(`"surname": "${ERASED}"`),
      expect.stringContaining('"notes": null'),
      expect.stringContaining('"erased_at": "'),
    ]);
    expect(await history([ids.other, ids.otherService])).toEqual(othersBefore);

    // A PC enrolling now ends with the server's rows; so does the PC that had the old values.
    const c = await device(o);
    const fromZero = await c.pull(0, 2000, []);
    expect(leaks(JSON.stringify(fromZero))).toEqual([]);
    const expected = await serverRows(o);
    expect(fieldsOf(replay(fromZero.changes))).toEqual(expected);
    expect(fieldsOf(replay((await b.pull(bCursor, 2000, [])).changes, bState))).toEqual(expected);

    // A replayed push is taken once and rewrites nothing.
    const logBefore = await texts('SELECT seq || fields::text AS text FROM sync_log ORDER BY seq');
    for (const changes of batches) {
      expect(await a.push({ now, changes })).toMatchObject({ accepted: 0, duplicates: changes.length });
    }
    expect(await texts('SELECT seq || fields::text AS text FROM sync_log ORDER BY seq')).toEqual(logBefore);
  });

  it('blanks the reason of a transfer of an erased person, made before the erasure or after', async () => {
    const { office: from, a, ids } = await office('moved');
    const to = await addOffice(server.storage, `Valjevo ${++counter}`, { centre: false, now: new Date(now) });
    const there = await device(to);
    await a.transfer({
      t: 'clients',
      r: ids.person,
      links: [
        { t: 'services', c: 'client_id' },
        { t: 'procedures', c: 'client_id' },
        { t: 'procedure_events', c: 'procedure_id', of: 'procedures' },
      ],
      to: to.id,
      reason: SECRET.reason,
    });
    const erase = erasure(ids);
    await there.push({ now, changes: [...erase.client, ...erase.rows] });

    const log = await texts('SELECT fields::text AS text FROM sync_log WHERE row_id LIKE $1', ['%-moved']);
    expect(leaks(log.join('\n'))).toEqual([]);
    expect(await texts('SELECT reason AS text FROM transfers WHERE row_id = $1', [ids.person])).toEqual([
      ERASED,
    ]);

    // Moving the tombstone back keeps no reason either.
    await there.transfer({ t: 'clients', r: ids.person, links: [], to: from.id, reason: SECRET.reason });
    expect(await texts('SELECT reason AS text FROM transfers WHERE row_id = $1', [ids.person])).toEqual([
      ERASED,
      ERASED,
    ]);
  });
});
