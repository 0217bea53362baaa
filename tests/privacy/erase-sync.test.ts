import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Db } from '../../src/core/db/open';
import { privacyHandlers } from '../../src/core/privacy/handlers';
import { syncedTable, syncedTables } from '../../src/core/sync/tables';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { enrolledDesk, newOffice, type Desk } from '../sync/helpers';
import { findEverywhere, FOLDED, NOW, person, personWithCasework, SECRETS } from './fixtures';

/** Every synced row about clients, without the columns each PC keeps for itself. */
function clientRecords(db: Db): Record<string, Record<string, unknown>[]> {
  const records: Record<string, Record<string, unknown>[]> = {};
  for (const table of syncedTables.filter((t) => t.client)) {
    const local = new Set(['n', 'updated_at', ...(syncedTable(table.name)?.localColumns ?? [])]);
    records[table.name] = (
      db.prepare(`SELECT * FROM "${table.name}" ORDER BY id`).all() as Record<string, unknown>[]
    ).map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !local.has(column))));
  }
  return records;
}

/** Two PCs of one office and a server: an erasure on one reaches the other like any edit. */
describe.each(backends)('erasure over sync (%s)', (backend) => {
  let server: TestServer;
  const desks: Desk[] = [];

  beforeAll(async () => {
    server = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => server?.dispose());
  afterEach(() => {
    for (const desk of desks.splice(0)) desk.close();
  });

  it('purges the person on the second PC too, leaving the tombstone', async () => {
    const office = await newOffice(server, 'Kraljevo');
    const a = await enrolledDesk(server, office);
    const b = await enrolledDesk(server, office);
    desks.push(a, b);

    const client = await a.core.call('clients.create', { client: person });
    await a.core.call('services.log', {
      clientId: client.id,
      kind: 'counselling',
      servedOn: new Date().toISOString().slice(0, 10),
      note: SECRETS.serviceNote,
    });
    await a.core.call('sync.run', {});
    await b.core.call('sync.run', {});
    expect(await b.core.call('clients.get', { id: client.id })).toMatchObject({ surname: SECRETS.surname });
    const secrets = Object.values(SECRETS);
    expect(findEverywhere(b.db, secrets).length).toBeGreaterThan(0);

    await privacyHandlers({ db: a.db, clock: () => new Date() })['clients.erase']({
      id: client.id,
      reason: 'Zahtev osobe',
    });
    expect(await a.core.call('sync.run', {})).toMatchObject({ pushed: expect.any(Number) });
    await b.core.call('sync.run', {});

    await expect(b.core.call('clients.get', { id: client.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await b.core.call('clients.search', { query: SECRETS.surname })).items).toEqual([]);
    const row = b.db
      .prepare(
        'SELECT surname, given_name, jmbg, phone, notes, deleted_at, erased_at FROM clients WHERE id = ?',
      )
      .get(client.id);
    expect(row).toMatchObject({ surname: '—', given_name: '—', jmbg: null, phone: null, notes: null });
    expect((row as { deleted_at: string | null }).deleted_at).not.toBeNull();
    expect((row as { erased_at: string | null }).erased_at).not.toBeNull();
    // Every table on the second PC, the search index's pages included: nothing of the person is left.
    expect(findEverywhere(b.db, [...secrets, ...FOLDED])).toEqual([]);
    expect(findEverywhere(a.db, secrets)).toEqual([]);
  });

  it("leaves none of the old values in the server's log, and a PC enrolling later matches the others", async () => {
    // The casework fixture books an appointment after its NOW: the PCs and the server live on that day.
    const shift = NOW.getTime() - Date.now();
    const clock = () => new Date(Date.now() + shift);
    const server = await startTestServer(backend, { clock });
    onTestFinished(() => server.dispose());
    const kraljevo = await newOffice(server, 'Kraljevo');
    const valjevo = await newOffice(server, 'Valjevo');
    const a = await enrolledDesk(server, kraljevo, { clock });
    const v = await enrolledDesk(server, valjevo, { clock });
    const w = await enrolledDesk(server, valjevo, { clock });
    desks.push(a, v, w);

    // The person's file is made in Kraljevo and moves to Valjevo, where it is erased.
    const { client, brother } = await personWithCasework(a.core);
    await a.core.call('sync.run', {});
    await a.core.call('sync.transfer', {
      clientId: client.id,
      toOfficeId: valjevo.id,
      reason: `${SECRETS.surname} moved to his brother`,
    });
    await v.core.call('sync.run', {});
    await w.core.call('sync.run', {});
    const secrets = Object.values(SECRETS).filter((secret) => secret !== SECRETS.phoneDigits); // kept on the PC only
    const onServer = async () => {
      const texts = await server.storage.query<{ text: string }>(
        `SELECT fields::text AS text FROM sync_log WHERE fields IS NOT NULL UNION ALL SELECT fields::text FROM sync_rows
         UNION ALL SELECT reason FROM transfers`,
      );
      const all = texts.map((row) => row.text.toLowerCase()).join('\n');
      return [...secrets, ...FOLDED].filter((secret) => all.includes(secret.toLowerCase()));
    };
    expect(await onServer()).toEqual(
      expect.arrayContaining([SECRETS.jmbg, SECRETS.notes, SECRETS.eventNote]),
    );
    const brotherHistory = await server.storage.query<{ fields: string }>(
      'SELECT fields::text AS fields FROM sync_log WHERE row_id = $1 ORDER BY seq',
      [brother.id],
    );

    await privacyHandlers({ db: v.db, clock })['clients.erase']({
      id: client.id,
      reason: 'Zahtev osobe',
    });
    await v.core.call('sync.run', {});
    await w.core.call('sync.run', {});

    expect(await onServer()).toEqual([]);
    const [transfer] = await server.storage.query<{ reason: string }>(
      'SELECT reason FROM transfers WHERE row_id = $1',
      [client.id],
    );
    expect(transfer).toEqual({ reason: '—' });
    // Someone else's history is theirs: the brother's entries are as they were.
    expect(
      await server.storage.query(
        'SELECT fields::text AS fields FROM sync_log WHERE row_id = $1 ORDER BY seq',
        [brother.id],
      ),
    ).toEqual(brotherHistory);

    const c = await enrolledDesk(server, valjevo, { clock });
    desks.push(c);
    await c.core.call('sync.run', {});
    expect(findEverywhere(c.db, [...secrets, ...FOLDED])).toEqual([]);
    expect(clientRecords(c.db)).toEqual(clientRecords(w.db));
    expect(clientRecords(c.db)).toEqual(clientRecords(v.db));
    // The file arrived whole, as a tombstone with its purged casework (the brother stayed in Kraljevo).
    const arrived = clientRecords(c.db);
    expect(arrived.clients).toEqual([expect.objectContaining({ id: client.id, surname: '—', jmbg: null })]);
    for (const table of [
      'services',
      'procedures',
      'procedure_events',
      'referrals',
      'appointments',
      'packets',
    ])
      expect(arrived[table]!.length, table).toBeGreaterThan(0);
  });
});
