import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, type Transport } from '../../src/core/sync/transport';
import { createEnrolmentCode, revokeDevice } from '../../src/server/devices';
import { serverHead } from '../../src/server/sync-log';
import { AppError } from '../../src/shared/errors';
import type { EnrollResponse, Office, PushedChange } from '../../src/shared/sync';
import { backends, startTestServer, type TestServer } from './backends';

/**
 * The sync server over HTTP: enrolment, tokens, office scope, field-level last-writer-wins,
 * replays, transfers, and refusals of bad requests that change nothing.
 */

let counter = 0;
const nodeId = () => (++counter).toString(16).padStart(16, '0');
/** A clock stamp (without node) for `millis`. */
const stamp = (millis: number, n = 0) =>
  `${millis.toString(36).padStart(9, '0')}-${n.toString(36).padStart(4, '0')}`;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(backends)('sync server (%s)', (backend) => {
  let server: TestServer;
  let now = Date.now();

  beforeAll(async () => {
    server = await startTestServer(backend, { clock: () => new Date(now) });
  }, 120_000);
  afterAll(async () => server?.dispose());

  async function office(name: string, centre = false): Promise<Office> {
    const { addOffice } = await import('../../src/server/devices');
    return addOffice(server.storage, `${name} ${++counter}`, { centre, now: new Date(now) });
  }

  async function device(of: Office): Promise<EnrollResponse & { link: Transport; node: string }> {
    const { code } = await createEnrolmentCode(server.storage, of.id, { now: new Date(now) });
    const node = nodeId();
    const enrolled = await createTransport({ serverUrl: server.url }).enroll({ code, node });
    return {
      ...enrolled,
      node,
      link: createTransport({ serverUrl: server.url, token: enrolled.token, attempts: 1 }),
    };
  }

  const change = (rowId: string, f: PushedChange['f'], millis = now, t = 'clients'): PushedChange => ({
    h: stamp(millis, ++counter % 1000),
    t,
    r: rowId,
    f,
  });

  const head = () => serverHead(server.storage);

  async function post(path: string, body: string | Buffer, headers: Record<string, string>) {
    const payload = typeof body === 'string' ? body : new Uint8Array(body);
    const response = await fetch(`${server.url}/v1${path}`, { method: 'POST', headers, body: payload });
    return {
      status: response.status,
      body: (await response.json()) as { error?: { code: string; message: string } },
    };
  }

  describe('enrolment', () => {
    it('trades a one-time code for a token once; the code is stored hashed', async () => {
      const o = await office('Niš');
      const { code } = await createEnrolmentCode(server.storage, o.id, { now: new Date(now) });
      const link = createTransport({ serverUrl: server.url });
      const first = await link.enroll({ code: code.toLowerCase(), node: nodeId() });
      expect(first).toMatchObject({ officeId: o.id, officeName: o.name, centre: false });
      expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const again = await rejection(link.enroll({ code, node: nodeId() }));
      expect(again.code).toBe('SYNC_REFUSED');
      expect(again.message).toMatch(/unknown, already used or expired/);

      const stored = await server.storage.query<{ code_hash: string }>(
        'SELECT code_hash FROM enrolment_codes WHERE office_id = $1',
        [o.id],
      );
      expect(stored[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(code.replaceAll('-', ''));
      const devices = await server.storage.query<{ token_hash: string }>(
        'SELECT token_hash FROM devices WHERE id = $1',
        [first.deviceId],
      );
      expect(devices[0]!.token_hash).not.toContain(first.token);
    });

    it('refuses an expired code', async () => {
      const o = await office('Bor');
      const { code } = await createEnrolmentCode(server.storage, o.id, { now: new Date(now), hours: 1 });
      now += 2 * 3_600_000;
      try {
        const error = await rejection(
          createTransport({ serverUrl: server.url }).enroll({ code, node: nodeId() }),
        );
        expect(error.code).toBe('SYNC_REFUSED');
      } finally {
        now -= 2 * 3_600_000;
      }
    });
  });

  describe('tokens and scope', () => {
    it('refuses no token, a wrong token and a revoked token, and changes nothing', async () => {
      const o = await office('Kraljevo');
      const d = await device(o);
      const before = await head();
      const body = JSON.stringify({ now, changes: [change('c-1', { surname: 'X' })] });
      const attempts: Record<string, string>[] = [
        { 'content-type': 'application/json' },
        {
          'content-type': 'application/json',
          authorization: 'Bearer wrongwrongwrongwrongwrongwrongwrongwrongwro',
        },
        { 'content-type': 'application/json', authorization: `Basic ${d.token}` },
      ];
      for (const headers of attempts) {
        const answer = await post('/push', body, headers);
        expect(answer.status).toBe(401);
        expect(answer.body.error?.code).toBe('UNAUTHORIZED');
      }
      const pulled = await fetch(`${server.url}/v1/pull?after=0`);
      expect(pulled.status).toBe(401);

      expect(await revokeDevice(server.storage, d.deviceId, new Date(now))).toBe(true);
      const revoked = await rejection(d.link.push({ now, changes: [change('c-1', { surname: 'X' })] }));
      expect(revoked.code).toBe('SYNC_REFUSED');
      expect(revoked.message).toMatch(/revoked/);
      expect(await head()).toBe(before);
    });

    it("keeps each office's records invisible to the others, and refuses writes into them", async () => {
      const x = await office('Novi Sad');
      const y = await office('Novi Pazar');
      const dx = await device(x);
      const dy = await device(y);
      await dx.link.push({
        now,
        changes: [change('client-x', { surname: 'Petrović', given_name: 'Ana', phone: '064 1' })],
      });
      await dy.link.push({ now, changes: [change('client-y', { surname: 'Hodžić', given_name: 'Edin' })] });

      const seenByY = await dy.link.pull(0, 2000, []);
      expect(seenByY.changes.map((c) => c.r)).not.toContain('client-x');
      const seenByX = await dx.link.pull(0, 2000, []);
      expect(seenByX.changes.map((c) => c.r)).not.toContain('client-y');

      const before = await head();
      const intrusion = await dy.link.push({
        now: now,
        changes: [change('client-x', { phone: '999' }, now + 1000)],
      });
      expect(intrusion.refused).toEqual([expect.objectContaining({ reason: 'scope' })]);
      // Nothing of the other office's row comes back: not its value, not whether the field is set.
      expect(intrusion.refused[0]!.current).toEqual({});
      expect(JSON.stringify(intrusion)).not.toMatch(/064 1|Petrović|Ana/);
      expect(await head()).toBe(before);
      const [row] = await server.storage.query<{ fields: Record<string, unknown> }>(
        "SELECT fields FROM sync_rows WHERE row_id = 'client-x'",
      );
      expect(row!.fields.phone).toBe('064 1');
    });
  });

  describe('changes', () => {
    it('keeps the latest stamp of each field, whatever order the changes arrive in', async () => {
      const o = await office('Subotica');
      const a = await device(o);
      const b = await device(o);
      const c = await device(o);
      await a.link.push({
        now,
        changes: [change('lww', { surname: 'Old', notes: 'a', phone: '1' }, now - 60_000)],
      });
      // b's change is later but arrives first; a's earlier phone arrives after it and must lose.
      await b.link.push({ now, changes: [change('lww', { phone: '2' }, now - 10_000)] });
      const late = await a.link.push({
        now,
        changes: [change('lww', { phone: '1-late', notes: 'a-late' }, now - 30_000)],
      });
      expect(late.accepted).toBe(1);
      const [row] = await server.storage.query<{ fields: Record<string, unknown> }>(
        "SELECT fields FROM sync_rows WHERE row_id = 'lww'",
      );
      expect(row!.fields).toEqual({ surname: 'Old', notes: 'a-late', phone: '2' });

      // What a third device pulls ends in the same state, and only winning fields were logged.
      const pulled = await c.link.pull(0, 2000, []);
      const entries = pulled.changes.filter((e) => e.r === 'lww');
      expect(entries.map((e) => e.f)).toEqual([
        { surname: 'Old', notes: 'a', phone: '1' },
        { phone: '2' },
        { notes: 'a-late' },
      ]);
    });

    it('takes a replayed push once', async () => {
      const o = await office('Kruševac');
      const a = await device(o);
      const batch = {
        now,
        changes: [change('replayed', { surname: 'Once' }), change('replayed-2', { surname: 'Twice' })],
      };
      const first = await a.link.push(batch);
      const second = await a.link.push(batch);
      expect(first).toMatchObject({ accepted: 2, duplicates: 0 });
      expect(second).toMatchObject({ accepted: 0, duplicates: 2, head: first.head });
      const logged = await server.storage.query(
        "SELECT seq FROM sync_log WHERE row_id IN ('replayed', 'replayed-2')",
      );
      expect(logged).toHaveLength(2);
    });

    it('pages the log from a cursor, without the device’s own changes', async () => {
      const o = await office('Zaječar');
      const writer = await device(o);
      const reader = await device(o);
      await writer.link.push({
        now,
        changes: Array.from({ length: 5 }, (_, i) => change(`page-${i}`, { surname: `P${i}` })),
      });
      const first = await reader.link.pull(0, 3, []);
      expect(first.more).toBe(true);
      const second = await reader.link.pull(first.next, 3, []);
      const rows = [...first.changes, ...second.changes]
        .filter((c) => c.r.startsWith('page-'))
        .map((c) => c.r);
      expect(rows).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
      const own = await writer.link.pull(0, 2000, []);
      expect(own.changes.filter((c) => c.r.startsWith('page-'))).toEqual([]);
    });

    it('refuses a cursor beyond its log, rather than hide that the server lost data', async () => {
      const o = await office('Prokuplje');
      const reader = await device(o);
      const error = await rejection(reader.link.pull((await head()) + 100, 10, []));
      expect(error.code).toBe('SYNC_REFUSED');
      expect(error.message).toMatch(/restored from an older backup/);
    });

    it('counts the records a pull would remove, for the fail-safe', async () => {
      const o = await office('Vranje');
      const a = await device(o);
      const b = await device(o);
      await a.link.push({
        now,
        changes: Array.from({ length: 4 }, (_, i) => change(`del-${i}`, { surname: 'D' })),
      });
      const { next } = await b.link.pull(0, 2000, []);
      await a.link.push({
        now,
        changes: [0, 1, 2].map((i) =>
          change(`del-${i}`, { deleted_at: '2025-01-01T00:00:00.000Z' }, now + 1),
        ),
      });
      // Created and deleted after the cursor: b never had it, so it is not counted.
      await a.link.push({
        now,
        changes: [
          change('del-new', { surname: 'N' }, now + 2),
          change('del-new', { deleted_at: 'x' }, now + 3),
        ],
      });
      expect((await b.link.pull(next, 2000, ['clients'])).deletesAhead).toBe(3);
    });

    it('shares reference data from the centre with every office, and refuses it from others', async () => {
      const centre = await office('Centar', true);
      const x = await office('Sombor');
      const c = await device(centre);
      const d = await device(x);
      await c.link.push({
        now,
        changes: [change('fee-1', { label: 'Taksa', amount_para: 38000 }, now, 'fee_entries')],
      });
      const pulled = await d.link.pull(0, 2000, []);
      expect(pulled.changes).toContainEqual(
        expect.objectContaining({ t: 'fee_entries', r: 'fee-1', f: { label: 'Taksa', amount_para: 38000 } }),
      );
      const refused = await d.link.push({
        now,
        changes: [change('fee-1', { amount_para: 1 }, now + 5, 'fee_entries')],
      });
      expect(refused.refused).toEqual([
        expect.objectContaining({ reason: 'reference', current: { amount_para: 38000 } }),
      ]);
    });

    it('refuses a push from a clock more than five minutes off, saying by how much', async () => {
      const o = await office('Pirot');
      const a = await device(o);
      const error = await rejection(
        a.link.push({ now: now + 3 * 3_600_000, changes: [change('skew', { surname: 'S' })] }),
      );
      expect(error.code).toBe('SYNC_CLOCK');
      expect(error.message).toMatch(/3 h 0 min ahead of the server/);
    });
  });

  describe('transfer', () => {
    it('moves a client and the rows naming it to another office, whole, and audits it', async () => {
      const from = await office('Leskovac');
      const to = await office('Valjevo');
      const sender = await device(from);
      const receiver = await device(to);
      const colleague = await device(from);
      await sender.link.push({
        now,
        changes: [
          change('moving', { surname: 'Jovanović', given_name: 'Marko', phone: '064' }),
          change(
            'moving-doc',
            { client_id: 'moving', kind: 'id_card', number: '123' },
            now,
            'client_documents',
          ),
          change('proc', { client_id: 'moving', kind: 'residence' }, now, 'procedures'),
          change('step', { procedure_id: 'proc', step: 'form' }, now, 'procedure_steps'),
          change('staying', { surname: 'Other' }),
        ],
      });
      const { next: receiverCursor } = await receiver.link.pull(0, 2000, []);
      const { next: colleagueCursor } = await colleague.link.pull(0, 2000, []);

      const moved = await sender.link.transfer({
        t: 'clients',
        r: 'moving',
        links: [
          { t: 'client_documents', c: 'client_id' },
          { t: 'procedures', c: 'client_id' },
          { t: 'procedure_steps', c: 'procedure_id', of: 'procedures' },
        ],
        to: to.id,
        reason: 'The family moved to Valjevo',
      });
      expect(moved.rows).toBe(4);

      const arrived = await receiver.link.pull(receiverCursor, 2000, []);
      expect(arrived.changes.map((c) => [c.t, c.r, c.k])).toEqual([
        ['clients', 'moving', 'full'],
        ['client_documents', 'moving-doc', 'full'],
        ['procedures', 'proc', 'full'],
        ['procedure_steps', 'step', 'full'],
      ]);
      expect(arrived.changes[0]!.f).toEqual({ surname: 'Jovanović', given_name: 'Marko', phone: '064' });

      const left = await colleague.link.pull(colleagueCursor, 2000, ['clients']);
      expect(left.deletesAhead).toBe(1);
      expect(left.changes.map((c) => [c.r, c.k])).toEqual([
        ['moving', 'gone'],
        ['moving-doc', 'gone'],
        ['proc', 'gone'],
        ['step', 'gone'],
      ]);

      // Once moved, the record is Valjevo's: an edit from the sending office is refused (issue 13
      // point 3; it used to reach the record), with Valjevo's value to put back, and Valjevo sees nothing.
      const late = await colleague.link.push({
        now,
        changes: [change('moving', { phone: '065' }, now + 100)],
      });
      expect(late.refused).toEqual([
        expect.objectContaining({ reason: 'scope', status: 403, current: { phone: '064' } }),
      ]);
      const after = await receiver.link.pull(arrived.next, 2000, []);
      expect(after.changes).toEqual([]);

      const audit = await server.storage.query<{
        from_office_id: string;
        to_office_id: string;
        reason: string;
        rows: number;
      }>("SELECT from_office_id, to_office_id, reason, rows FROM transfers WHERE row_id = 'moving'");
      expect(audit).toEqual([
        { from_office_id: from.id, to_office_id: to.id, reason: 'The family moved to Valjevo', rows: 4 },
      ]);
    });
  });

  describe('bad requests', () => {
    it('answers garbage, wrong types, oversized and badly encoded bodies with a 4xx and changes nothing', async () => {
      const o = await office('Čačak');
      const d = await device(o);
      const auth = { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' };
      const before = await head();
      const rowsBefore = await server.storage.query('SELECT count(*) AS n FROM sync_rows');
      const good = change('bad-1', { surname: 'X' });

      const cases: [string, string | Buffer, Record<string, string>, number][] = [
        ['not JSON', '{"now": 1, "changes": [', auth, 400],
        ['an array', '[]', auth, 400],
        ['no changes', JSON.stringify({ now, changes: [] }), auth, 400],
        [
          'a value that is an object',
          JSON.stringify({ now, changes: [{ ...good, f: { surname: { nested: true } } }] }),
          auth,
          400,
        ],
        [
          'a table name with SQL in it',
          JSON.stringify({ now, changes: [{ ...good, t: 'clients; DROP TABLE sync_log' }] }),
          auth,
          400,
        ],
        ['a bad stamp', JSON.stringify({ now, changes: [{ ...good, h: 'yesterday' }] }), auth, 400],
        ['an extra key', JSON.stringify({ now, changes: [good], admin: true }), auth, 400],
        ['one stamp twice', JSON.stringify({ now, changes: [good, { ...good, r: 'bad-2' }] }), auth, 400],
        [
          'too many changes',
          JSON.stringify({
            now,
            changes: Array.from({ length: 2001 }, (_, i) => change(`many-${i}`, { a: 1 })),
          }),
          auth,
          400,
        ],
        [
          'an oversized body',
          JSON.stringify({ now, changes: [{ ...good, f: { notes: 'x'.repeat(9 * 1024 * 1024) } }] }),
          auth,
          413,
        ],
        [
          'a gzip bomb',
          gzipSync(Buffer.alloc(20 * 1024 * 1024, 32)),
          { ...auth, 'content-encoding': 'gzip' },
          413,
        ],
        ['broken gzip', 'not gzip at all', { ...auth, 'content-encoding': 'gzip' }, 400],
        ['an unknown encoding', 'abc', { ...auth, 'content-encoding': 'br2' }, 415],
      ];
      for (const [what, body, headers, status] of cases) {
        const answer = await post('/push', body, headers);
        expect(answer.status, what).toBe(status);
        expect(answer.body.error?.message, what).toBeTruthy();
      }
      const badPull = await fetch(`${server.url}/v1/pull?after=-1`, { headers: auth });
      expect(badPull.status).toBe(400);
      const unknown = await fetch(`${server.url}/v1/nothing-here`, { headers: auth });
      expect(unknown.status).toBe(404);

      expect(await head()).toBe(before);
      expect(await server.storage.query('SELECT count(*) AS n FROM sync_rows')).toEqual(rowsBefore);
    });
  });
});
