import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { enrolledDesk, newOffice, type Desk } from './helpers';

/**
 * Issue 13 point 3 through the app: once a client is transferred, the office that sent them no
 * longer writes their record. A colleague's PC that had not heard of the move yet edits the
 * surname and syncs: the server refuses it, the PC keeps both values as a refused conflict, and
 * the receiving office never sees the edit.
 */
describe.each(backends)('a transferred client (%s)', (backend) => {
  let server: TestServer;
  const desks: Desk[] = [];

  beforeAll(async () => {
    server = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => server?.dispose());
  afterEach(() => {
    for (const desk of desks.splice(0)) desk.close();
  });

  it('is no longer written by the office that sent them', async () => {
    const sending = await newOffice(server, `Leskovac ${backend}`);
    const receiving = await newOffice(server, `Valjevo ${backend}`);
    const a = await enrolledDesk(server, sending);
    const colleague = await enrolledDesk(server, sending);
    const v = await enrolledDesk(server, receiving);
    desks.push(a, colleague, v);

    const moving = await a.core.call('clients.create', {
      client: { surname: 'Selimović', givenName: 'Amra', category: 'returnee_germany' },
    });
    await a.core.call('sync.run', {});
    await colleague.core.call('sync.run', {});
    await a.core.call('sync.transfer', { clientId: moving.id, toOfficeId: receiving.id, reason: 'Moved' });
    await v.core.call('sync.run', {});

    // The colleague has not pulled since: the record is still on their PC, and they edit it.
    const before = await colleague.core.call('clients.get', { id: moving.id });
    await colleague.core.call('clients.update', {
      id: moving.id,
      client: { surname: 'Hijacked', givenName: before.givenName, category: before.category },
    });
    const result = await colleague.core.call('sync.run', {});
    expect(result.pushed).toBe(0);
    expect(result.removed).toBe(1);
    const { items } = await colleague.core.call('sync.conflicts', {});
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'refused',
        field: 'surname',
        localValue: 'Hijacked',
        remoteValue: 'Selimović',
        winner: 'remote',
      }),
    ]);

    await v.core.call('sync.run', {});
    expect((await v.core.call('clients.get', { id: moving.id })).surname).toBe('Selimović');
    const [row] = await server.storage.query<{ fields: Record<string, unknown> }>(
      'SELECT fields FROM sync_rows WHERE row_id = $1',
      [moving.id],
    );
    expect(row!.fields.surname).toBe('Selimović');
  });
});
