import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createCore } from '../../src/core';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { revokeDevice } from '../../src/server/devices';
import { AppError } from '../../src/shared/errors';
import { syncedTableFactsOf } from '../../src/shared/sync/registry';
import type { Office } from '../../src/shared/sync';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { enrolledDesk, enrolmentCode, newOffice, openDesk, TEST_KEY, type Desk } from './helpers';

/** Two office PCs and a server, through the app's own calls. */

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const client = (surname: string, extra: Record<string, unknown> = {}) => ({
  client: { surname, givenName: 'Dragan', category: 'returnee_germany' as const, ...extra },
});

describe.each(backends)('device sync (%s)', (backend) => {
  let server: TestServer;
  const desks: Desk[] = [];
  let n = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => server?.dispose());
  afterEach(() => {
    for (const desk of desks.splice(0)) desk.close();
  });

  async function officeWithDesks(
    count: number,
    options: { clock?: () => Date } = {},
  ): Promise<{ office: Office; desks: Desk[] }> {
    const office = await newOffice(server, `Office ${++n}`);
    const made: Desk[] = [];
    for (let i = 0; i < count; i++) made.push(await enrolledDesk(server, office, options));
    desks.push(...made);
    return { office, desks: made };
  }

  it('brings an edit made on one PC to the other, searchable in either script', async () => {
    const {
      desks: [a, b],
    } = await officeWithDesks(2);
    const created = await a!.core.call(
      'clients.create',
      client('Đorđević', { phone: '+381 64 123 4567', documents: [{ kind: 'id_card', number: '007' }] }),
    );
    expect((await a!.core.call('sync.status', {})).pendingCount).toBe(2);
    const pushed = await a!.core.call('sync.run', {});
    expect(pushed).toMatchObject({ pushed: 2, pulled: 0 });
    expect(await b!.core.call('sync.run', {})).toMatchObject({ pushed: 0, pulled: 2 });

    const copy = await b!.core.call('clients.get', { id: created.id });
    expect(copy).toMatchObject({
      surname: 'Đorđević',
      nameScript: 'latn',
      phone: '+381 64 123 4567',
      documents: [{ kind: 'id_card', number: '007' }],
    });
    expect(copy.names.cyrl.surname).toBe('Ђорђевић');
    expect((await b!.core.call('clients.search', { query: 'ђорђ' })).items.map((i) => i.id)).toEqual([
      created.id,
    ]);
    expect((await b!.core.call('clients.search', { query: '064 123' })).items.map((i) => i.id)).toEqual([
      created.id,
    ]);

    // A rename pulled later re-indexes the search key on the other PC.
    await a!.core.call('clients.update', {
      id: created.id,
      client: { ...client('Petrović').client, phone: copy.phone },
    });
    await a!.core.call('sync.run', {});
    await b!.core.call('sync.run', {});
    expect((await b!.core.call('clients.search', { query: 'djordj' })).items).toEqual([]);
    expect((await b!.core.call('clients.search', { query: 'петров' })).items.map((i) => i.id)).toEqual([
      created.id,
    ]);

    const status = await b!.core.call('sync.status', {});
    expect(status).toMatchObject({
      enrolled: true,
      pendingCount: 0,
      conflictsCount: 0,
      lastError: null,
      running: null,
    });
    expect(status.lastSuccessAt).not.toBeNull();
  });

  it('keeps both values of a field two PCs changed, and settling one is itself synced', async () => {
    const {
      desks: [a, b],
    } = await officeWithDesks(2);
    const created = await a!.core.call('clients.create', client('Marković', { phone: '060 000' }));
    await a!.core.call('sync.run', {});
    await b!.core.call('sync.run', {});

    await a!.core.call('clients.update', { id: created.id, ...client('Marković', { phone: '061 111' }) });
    await b!.core.call('clients.update', { id: created.id, ...client('Marković', { phone: '062 222' }) });
    await a!.core.call('sync.run', {});
    const second = await b!.core.call('sync.run', {});
    expect(second.newConflicts).toBe(1);
    await a!.core.call('sync.run', {});

    // The later edit (b's) is in use on both PCs; b shows both values to settle.
    expect((await a!.core.call('clients.get', { id: created.id })).phone).toBe('062 222');
    expect((await b!.core.call('clients.get', { id: created.id })).phone).toBe('062 222');
    const { items } = await b!.core.call('sync.conflicts', {});
    expect(items).toEqual([
      expect.objectContaining({
        table: 'clients',
        rowId: created.id,
        field: 'phone',
        kind: 'field',
        label: 'Marković Dragan',
        clientId: created.id,
        localValue: '062 222',
        remoteValue: '061 111',
        winner: 'local',
      }),
    ]);

    const settled = await b!.core.call('sync.resolve', { id: items[0]!.id, choice: 'remote' });
    expect(settled).toEqual({ settled: 1, value: '061 111' });
    expect((await b!.core.call('sync.status', {})).conflictsCount).toBe(0);
    await b!.core.call('sync.run', {});
    await a!.core.call('sync.run', {});
    expect((await a!.core.call('clients.get', { id: created.id })).phone).toBe('061 111');
    expect((await b!.core.call('clients.get', { id: created.id })).phone).toBe('061 111');
    expect((await a!.core.call('sync.conflicts', {})).total).toBe(0);
    expect((await b!.core.call('sync.conflicts', { includeResolved: true })).items[0]).toMatchObject({
      resolution: 'remote',
    });
  });

  it('shows an edit of a record removed elsewhere as a conflict, and can bring the record back', async () => {
    const {
      desks: [a, b],
    } = await officeWithDesks(2);
    const created = await a!.core.call('clients.create', client('Nikolić'));
    await a!.core.call('sync.run', {});
    await b!.core.call('sync.run', {});
    await a!.core.call('clients.delete', { id: created.id });
    await a!.core.call('sync.run', {});
    await b!.core.call('clients.update', {
      id: created.id,
      ...client('Nikolić', { notes: 'Came back on Monday' }),
    });
    await b!.core.call('sync.run', {});

    const { items } = await b!.core.call('sync.conflicts', {});
    expect(items).toEqual([
      expect.objectContaining({ kind: 'deleted', field: 'deleted_at', localValue: null, winner: 'remote' }),
    ]);
    expect((await b!.core.call('clients.search', { query: 'nikol' })).items).toEqual([]);
    await b!.core.call('sync.resolve', { id: items[0]!.id, choice: 'local' });
    await b!.core.call('sync.run', {});
    await a!.core.call('sync.run', {});
    expect((await a!.core.call('clients.get', { id: created.id })).notes).toBe('Came back on Monday');
  });

  it('stops and asks before a pull removes most of the records, keeping them until confirmed', async () => {
    const {
      desks: [a, b],
    } = await officeWithDesks(2);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await a!.core.call('clients.create', client(`Masovni${i}`))).id);
    await a!.core.call('sync.run', {});
    await b!.core.call('sync.run', {});
    for (const id of ids.slice(0, 10)) await a!.core.call('clients.delete', { id });
    await a!.core.call('sync.run', {});
    await b!.core.call('clients.create', client('Lokalni'));

    const asked = await b!.core.call('sync.run', {});
    expect(asked.needsConfirmation).toEqual({ deletions: 10, liveRecords: 13 });
    expect(asked.pushed).toBe(1); // its own edits still went out
    expect((await b!.core.call('system.info', {})).clientCount).toBe(13);
    expect((await b!.core.call('sync.status', {})).awaitingConfirmation).toEqual({
      deletions: 10,
      liveRecords: 13,
    });

    const confirmed = await b!.core.call('sync.run', { confirmMassDelete: true });
    expect(confirmed.needsConfirmation).toBeNull();
    expect((await b!.core.call('system.info', {})).clientCount).toBe(3);
    expect((await b!.core.call('sync.status', {})).awaitingConfirmation).toBeNull();
  });

  it('tells plainly when the clock is far off, and keeps the edits for later', async () => {
    const office = await newOffice(server, `Clock ${++n}`);
    const ahead = await enrolledDesk(server, office, { clock: () => new Date(Date.now() + 2 * 3_600_000) });
    desks.push(ahead);
    await ahead.core.call('clients.create', client('Satni'));
    const error = await rejection(ahead.core.call('sync.run', {}));
    expect(error.code).toBe('SYNC_CLOCK');
    expect(error.message).toMatch(/2 h 0 min ahead of the server's/);
    const status = await ahead.core.call('sync.status', {});
    expect(status.pendingCount).toBe(1);
    expect(status.lastError).toMatchObject({ code: 'SYNC_CLOCK' });
  });

  it('refuses sync before enrolment, with a wrong code, and after the device is revoked', async () => {
    const lone = openDesk();
    desks.push(lone);
    expect((await rejection(lone.core.call('sync.run', {}))).code).toBe('SYNC_NOT_ENROLLED');
    const office = await newOffice(server, `Revoked ${++n}`);
    const wrong = await rejection(
      lone.core.call('sync.enroll', { serverUrl: server.url, code: 'AAAA-BBBB-CCCC' }),
    );
    expect(wrong.code).toBe('SYNC_REFUSED');
    expect(
      (await rejection(lone.core.call('sync.enroll', { serverUrl: 'ftp://x', code: 'AAAA-BBBB-CCCC' }))).code,
    ).toBe('VALIDATION');

    const enrolled = await lone.core.call('sync.enroll', {
      serverUrl: server.url,
      code: await enrolmentCode(server, office.id),
    });
    expect(enrolled.officeName).toBe(office.name);
    await revokeDevice(server.storage, enrolled.deviceId, new Date());
    const refused = await rejection(lone.core.call('sync.run', {}));
    expect(refused.code).toBe('SYNC_REFUSED');
    expect((await lone.core.call('sync.status', {})).lastError?.message).toMatch(/revoked/);

    const unreachable = openDesk();
    desks.push(unreachable);
    const link = await rejection(
      unreachable.core.call('sync.enroll', { serverUrl: 'http://127.0.0.1:9', code: 'AAAA-BBBB-CCCC' }),
    );
    expect(link.code).toBe('SYNC_LINK');
    expect(link.message).toMatch(/Could not reach the sync server at http:\/\/127\.0\.0\.1:9/);
  });

  it('transfers a client with everything about them to another office', async () => {
    const {
      desks: [a, colleague],
    } = await officeWithDesks(2);
    const {
      office: valjevo,
      desks: [v],
    } = await officeWithDesks(1);
    const moving = await a!.core.call(
      'clients.create',
      client('Selimović', { documents: [{ kind: 'passport', number: 'P1' }] }),
    );
    const staying = await a!.core.call('clients.create', client('Ostaje'));
    await a!.core.call('sync.run', {});
    await colleague!.core.call('sync.run', {});

    const offices = await a!.core.call('sync.offices', {});
    expect(offices.offices.map((o) => o.id)).toContain(valjevo.id);
    const moved = await a!.core.call('sync.transfer', {
      clientId: moving.id,
      toOfficeId: valjevo.id,
      reason: 'Moved to Valjevo',
    });
    expect(moved).toMatchObject({ rows: 2, toOfficeName: valjevo.name });

    await v!.core.call('sync.run', {});
    expect(await v!.core.call('clients.get', { id: moving.id })).toMatchObject({
      surname: 'Selimović',
      documents: [{ kind: 'passport', number: 'P1' }],
    });
    expect((await v!.core.call('clients.search', { query: 'ostaje' })).items).toEqual([]);

    const left = await colleague!.core.call('sync.run', {});
    expect(left.removed).toBe(2);
    for (const desk of [a!, colleague!]) {
      expect((await desk.core.call('clients.search', { query: 'selim' })).items).toEqual([]);
      expect((await desk.core.call('clients.get', { id: staying.id })).surname).toBe('Ostaje');
    }
    expect(a!.db.prepare('SELECT to_office_id, reason, rows FROM sync_transfers').all()).toEqual([
      { to_office_id: valjevo.id, reason: 'Moved to Valjevo', rows: 2 },
    ]);
  });

  it('syncs a column a later migration adds, and keeps it aside on a PC that lacks it until it has it', async () => {
    const {
      desks: [a, b],
    } = await officeWithDesks(2);
    const created = await a!.core.call('clients.create', client('Kolona'));
    await a!.core.call('sync.run', {});
    await b!.core.call('sync.run', {});

    // A's next version adds a column (as a migration would) and lists it in the registry, as that
    // release's server does too (the server keeps only the fields its registry names); B is older.
    const registered = syncedTableFactsOf('clients')!.fields as string[];
    registered.push('nickname');
    onTestFinished(() => void registered.splice(registered.indexOf('nickname'), 1));
    a!.core.close();
    a!.db.exec('ALTER TABLE clients ADD COLUMN nickname TEXT');
    a!.db.close();
    const reopened = createCore({ dataDir: a!.dir, databaseKey: TEST_KEY, log: () => {} });
    a!.core = reopened;
    a!.db = openDatabase(path.join(a!.dir, DATABASE_FILE), { key: TEST_KEY, ...syncOnOpen });
    a!.db.prepare('UPDATE clients SET nickname = ? WHERE id = ?').run('Kole', created.id);
    expect(a!.db.prepare("SELECT fields FROM sync_outbox WHERE tbl = 'clients'").all()).toEqual([
      { fields: '{"nickname":"Kole"}' },
    ]);
    await a!.core.call('sync.run', {});

    expect((await b!.core.call('sync.run', {})).parked).toBe(1);
    expect(b!.db.prepare('SELECT field, value FROM sync_parked').all()).toEqual([
      { field: 'nickname', value: '"Kole"' },
    ]);

    b!.core.close();
    b!.db.exec('ALTER TABLE clients ADD COLUMN nickname TEXT');
    b!.core = createCore({ dataDir: b!.dir, databaseKey: TEST_KEY, log: () => {} });
    await b!.core.call('sync.run', {});
    expect(b!.db.prepare('SELECT nickname FROM clients WHERE id = ?').get(created.id)).toEqual({
      nickname: 'Kole',
    });
    expect(b!.db.prepare('SELECT count(*) AS n FROM sync_parked').get()).toEqual({ n: 0 });
  });

  it('sends records kept before sync existed at the first sync', async () => {
    const {
      desks: [a, b],
    } = await officeWithDesks(2);
    // As a database from before this version: client rows, no sync triggers or outbox yet.
    a!.db.exec(
      "DELETE FROM sync_state WHERE key IN ('triggers', 'synced_tables'); DROP TRIGGER sync_out_clients_insert;",
    );
    const early = await a!.core.call('clients.create', client('Raniji'));
    a!.db.exec('DELETE FROM sync_outbox');
    a!.core.close();
    a!.core = createCore({ dataDir: a!.dir, databaseKey: TEST_KEY, log: () => {} });
    await a!.core.call('sync.run', {});
    await b!.core.call('sync.run', {});
    expect((await b!.core.call('clients.get', { id: early.id })).surname).toBe('Raniji');
  });

  it('files the casework of all PCs of an office under the server office', async () => {
    const { office, desks: pair } = await officeWithDesks(2);
    for (const desk of pair) {
      expect(desk.db.prepare('SELECT id FROM offices WHERE is_default = 1').get()).toEqual({ id: office.id });
    }
  });
});
