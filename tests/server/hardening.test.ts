import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverHead, visibleHead } from '../../src/server/sync-log';
import type { PushedChange } from '../../src/shared/sync';
import { backends, startTestServer, type TestServer } from './backends';
import { call, rawDevice, rawOffice, stampAt, type RawDevice } from './raw-device';

/**
 * Issue 13 points 1 and 3 on the server: one change it cannot store is refused by itself (never a
 * 500 for the batch), unknown tables and fields are refused instead of stored, the server decides
 * reference data itself, a transfer moves only rows about the client, and the office that
 * transferred a record writes it no more.
 */

const change = (r: string, f: PushedChange['f'], t = 'clients', millis = Date.now()): PushedChange => ({
  h: stampAt(millis),
  t,
  r,
  f,
});

describe.each(backends)('the sync server refuses what it cannot keep, change by change (%s)', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => server?.dispose());

  const head = () => serverHead(server.storage);
  const stored = async (rowId: string) =>
    (
      await server.storage.query<{ fields: Record<string, unknown>; office_id: string | null }>(
        'SELECT fields, office_id FROM sync_rows WHERE row_id = $1',
        [rowId],
      )
    )[0];
  const taken = async (device: RawDevice) =>
    Number(
      (
        await server.storage.query<{ n: number }>(
          'SELECT count(*) AS n FROM sync_applied WHERE device_id = $1',
          [device.deviceId],
        )
      )[0]!.n,
    );

  async function device(centre = false): Promise<RawDevice> {
    return rawDevice(server.url, server.storage, await rawOffice(server.storage, 'Office', centre));
  }

  it('refuses a NUL and a lone surrogate per change with a 4xx-class reason, and applies the rest of the batch', async () => {
    const d = await device();
    const nul = change('nul-1', { surname: 'Petro\u0000vić', given_name: 'Ana' });
    const surrogate = change('sur-1', { surname: 'Jo\ud800vić' });
    const lowOnly = change('sur-2', { notes: 'x\udc00' });
    const long = change('long-1', { notes: 'n'.repeat(20_001) });
    const answer = await d.push([
      change('ok-1', { surname: 'Jovanović' }),
      nul,
      surrogate,
      lowOnly,
      long,
      change('ok-2', { surname: 'Hodžić', phone: '064 1' }),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.accepted).toBe(2);
    expect(answer.body.refused.map((r) => [r.h, r.reason, r.status, r.field])).toEqual([
      [nul.h, 'invalid', 422, 'surname'],
      [surrogate.h, 'invalid', 422, 'surname'],
      [lowOnly.h, 'invalid', 422, 'notes'],
      [long.h, 'invalid', 422, 'notes'],
    ]);
    expect(answer.body.refused[0]!.message).toMatch(
      /could not be sent: the surname contains a NUL character.*Fix it/,
    );
    expect(answer.body.refused[1]!.message).toMatch(/broken character/);
    expect((await stored('ok-1'))?.fields).toEqual({ surname: 'Jovanović' });
    expect((await stored('ok-2'))?.fields).toEqual({ surname: 'Hodžić', phone: '064 1' });
    for (const id of ['nul-1', 'sur-1', 'sur-2', 'long-1']) expect(await stored(id)).toBeUndefined();
    // Refused stamps are not taken: the fixed change, sent again under the same stamp, is looked at again.
    expect(await taken(d)).toBe(2);
    const fixed = await d.push([{ ...nul, f: { surname: 'Petrović', given_name: 'Ana' } }]);
    expect(fixed.body).toMatchObject({ accepted: 1, duplicates: 0, refused: [] });
    expect((await stored('nul-1'))?.fields).toEqual({ surname: 'Petrović', given_name: 'Ana' });
  });

  it('refuses a batch of nothing but bad values without changing anything, with a 200 and not a 500', async () => {
    const d = await device();
    const before = await head();
    const officeHead = await visibleHead(server.storage, d.office.id);
    const answer = await d.push([
      change('bad-a', { surname: '\u0000' }),
      change('bad-b', { notes: '\ud83d' }),
    ]);
    expect(answer.status).toBe(200);
    // The head is where this office's log stands (offices have their own heads, migration 0004).
    expect(answer.body).toMatchObject({ accepted: 0, head: officeHead });
    expect(answer.body.refused).toHaveLength(2);
    expect(await head()).toBe(before);
  });

  it('refuses tables and fields it does not keep, instead of storing them', async () => {
    const d = await device();
    const answer = await d.push([
      change('u-1', { anything: 'x' }, 'not_a_synced_table'),
      change('u-2', { surname: 'Ok', favourite_colour: 'blue' }),
      change('u-3', { search_key: 'local column' }),
      change('u-4', { surname: 'Stored' }),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.refused.map((r) => [r.reason, r.field ?? null])).toEqual([
      ['unknown', null],
      ['unknown', 'favourite_colour'],
      ['unknown', 'search_key'],
    ]);
    expect(answer.body.refused[0]!.message).toMatch(/does not keep the table "not_a_synced_table"/);
    for (const id of ['u-1', 'u-2', 'u-3']) expect(await stored(id)).toBeUndefined();
    expect((await stored('u-4'))?.fields).toEqual({ surname: 'Stored' });
  });

  it('decides itself which tables are reference data; a push no longer says so', async () => {
    const office = await device();
    const centre = await device(true);
    // Without any word from the device, an office's fee entry is refused as the centre's data…
    const fromOffice = await office.push([
      change('fee-x', { label: 'Taksa', amount_para: 1 }, 'fee_entries'),
    ]);
    expect(fromOffice.body.refused).toEqual([expect.objectContaining({ reason: 'reference', status: 403 })]);
    expect(await stored('fee-x')).toBeUndefined();
    // …and the centre's is stored as reference data every office sees.
    const fromCentre = await centre.push([
      change('fee-y', { label: 'Taksa', amount_para: 2 }, 'fee_entries'),
    ]);
    expect(fromCentre.body.refused).toEqual([]);
    expect((await stored('fee-y'))?.office_id).toBeNull();
    expect((await office.pull()).body.changes.map((c) => c.r)).toContain('fee-y');
    // An older device's `ref` list is not read: saying a fee entry is not reference data changes nothing.
    const withRef = await call<{ refused: { reason: string }[] }>(server.url, 'POST', '/push', {
      token: office.token,
      body: {
        now: Date.now(),
        ref: [],
        changes: [change('fee-z', { label: 'Taksa', amount_para: 3 }, 'fee_entries')],
      },
    });
    expect(withRef.status).toBe(200);
    expect(withRef.body.refused).toEqual([expect.objectContaining({ reason: 'reference' })]);
    expect(await stored('fee-z')).toBeUndefined();
  });

  it('refuses a NUL in a transfer reason and in a device name with a 400, changing nothing', async () => {
    const d = await device();
    const before = await head();
    const transfer = await call(server.url, 'POST', '/transfer', {
      token: d.token,
      body: { t: 'clients', r: 'x', to: 'somewhere', reason: 'moved\u0000' },
    });
    expect(transfer.status).toBe(400);
    const enrol = await call(server.url, 'POST', '/enroll', {
      body: { code: 'ABCD-EFGH-JKLM', node: '00000000000000ff', name: 'PC\u0000' },
    });
    expect(enrol.status).toBe(400);
    expect(await head()).toBe(before);
  });
});

describe.each(backends)('a transfer on the sync server (%s)', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => server?.dispose());

  const officeOf = async (rowId: string) =>
    (
      await server.storage.query<{ office_id: string | null }>(
        'SELECT office_id FROM sync_rows WHERE row_id = $1',
        [rowId],
      )
    )[0]?.office_id;

  async function twoOffices() {
    const a = await rawOffice(server.storage, 'Sender');
    const b = await rawOffice(server.storage, 'Receiver');
    return {
      a,
      b,
      sender: await rawDevice(server.url, server.storage, a),
      colleague: await rawDevice(server.url, server.storage, a),
      receiver: await rawDevice(server.url, server.storage, b),
    };
  }

  it('takes the write access away from the office that sent the record (reproduction: a surname change from A reached B)', async () => {
    const { b, sender, colleague, receiver } = await twoOffices();
    await sender.push([change('tr-1', { surname: 'Marković', given_name: 'Ana' })]);
    const moved = await call<{ rows: number }>(server.url, 'POST', '/transfer', {
      token: sender.token,
      body: { t: 'clients', r: 'tr-1', to: b.id, reason: 'The family moved' },
    });
    expect(moved.status).toBe(200);
    const { next } = (await receiver.pull()).body;

    for (const writer of [sender, colleague]) {
      const late = await writer.push([change('tr-1', { surname: 'Hijacked' }, 'clients', Date.now() + 1000)]);
      expect(late.body.refused).toEqual([
        expect.objectContaining({ reason: 'scope', status: 403, current: { surname: 'Marković' } }),
      ]);
    }
    expect((await receiver.pull(next)).body.changes).toEqual([]);
    const [row] = await server.storage.query<{ fields: Record<string, unknown> }>(
      "SELECT fields FROM sync_rows WHERE row_id = 'tr-1'",
    );
    expect(row!.fields.surname).toBe('Marković');
    // The receiving office writes it.
    const own = await receiver.push([change('tr-1', { phone: '065' })]);
    expect(own.body.refused).toEqual([]);
  });

  it('moves every row about the client the registry names, and nothing else, whatever links the device lists', async () => {
    const { a, b, sender } = await twoOffices();
    await sender.push([
      change('c-1', { surname: 'Ilić' }),
      change('doc-1', { client_id: 'c-1', kind: 'id_card' }, 'client_documents'),
      change('svc-1', { client_id: 'c-1', kind: 'advice' }, 'services'),
      change('proc-1', { client_id: 'c-1', kind: 'residence' }, 'procedures'),
      change('step-1', { procedure_id: 'proc-1', step: 'form' }, 'procedure_steps'),
      change('consent-1', { client_id: 'c-1', purpose: 'referral' }, 'consents'),
      // Rows of the office that are not about this client stay.
      change('c-2', { surname: 'Other' }),
      change('doc-2', { client_id: 'c-2', kind: 'passport' }, 'client_documents'),
      change('partner-1', { name: 'c-1' }, 'partners'),
      change('office-row', { name: 'c-1' }, 'offices'),
    ]);
    const before = await serverHead(server.storage);

    // A link the registry does not know (it would carry rows not about the client) is refused, nothing moves.
    for (const links of [
      [{ t: 'partners', c: 'name' }],
      [{ t: 'offices', c: 'name' }],
      [{ t: 'client_documents', c: 'kind' }],
      [{ t: 'procedure_steps', c: 'procedure_id' }],
    ]) {
      const refused = await call(server.url, 'POST', '/transfer', {
        token: sender.token,
        body: { t: 'clients', r: 'c-1', links, to: b.id, reason: 'Moved' },
      });
      expect(refused.status, JSON.stringify(links)).toBe(400);
    }
    const notAClient = await call(server.url, 'POST', '/transfer', {
      token: sender.token,
      body: { t: 'partners', r: 'partner-1', to: b.id, reason: 'Moved' },
    });
    expect(notAClient.status).toBe(400);
    expect(await serverHead(server.storage)).toBe(before);
    expect(await officeOf('partner-1')).toBe(a.id);

    // With no links (or the registry's), the whole record moves: what the server finds itself.
    const moved = await call<{ rows: number }>(server.url, 'POST', '/transfer', {
      token: sender.token,
      body: {
        t: 'clients',
        r: 'c-1',
        links: [{ t: 'client_documents', c: 'client_id' }],
        to: b.id,
        reason: 'Moved',
      },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.rows).toBe(6);
    for (const id of ['c-1', 'doc-1', 'svc-1', 'proc-1', 'step-1', 'consent-1'])
      expect(await officeOf(id), id).toBe(b.id);
    for (const id of ['c-2', 'doc-2', 'partner-1', 'office-row']) expect(await officeOf(id), id).toBe(a.id);
  });
});
