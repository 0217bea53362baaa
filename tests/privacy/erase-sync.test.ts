import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { privacyHandlers } from '../../src/core/privacy/handlers';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { enrolledDesk, newOffice, type Desk } from '../sync/helpers';
import { findEverywhere, FOLDED, person, SECRETS } from './fixtures';

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
});
