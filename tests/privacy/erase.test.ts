import { describe, expect, it } from 'vitest';
import { FOLDED, findEverywhere, openOffice, personWithCasework, relative, SECRETS } from './fixtures';

const personal = [...Object.values(SECRETS), ...FOLDED];

describe('clients.erase', () => {
  it('leaves no name, JMBG, phone or note of the person anywhere in the decrypted database', async () => {
    const office = openOffice();
    const { client, brother } = await personWithCasework(office.core);
    await office.core.call('clients.get', { id: client.id });
    // Before: every secret is found (so the search below can find what it looks for).
    expect(new Set(findEverywhere(office.db, personal).map((hit) => hit.needle))).toEqual(new Set(personal));

    const result = await office.privacy['clients.erase']({ id: client.id, reason: 'Zahtev osobe od 14. 3.' });
    expect(result).toEqual({ id: client.id, erasedAt: '2025-03-14T09:00:00.000Z' });

    expect(findEverywhere(office.db, personal)).toEqual([]);
    // The relative is another person: their record is untouched, the link to them is gone.
    expect(findEverywhere(office.db, [relative.surname, relative.givenName]).length).toBeGreaterThan(0);
    expect((await office.core.call('household.list', { clientId: brother.id })).items).toEqual([]);
    // Gone from search and lists, in either script and by JMBG.
    for (const query of [SECRETS.surname, 'Вукашиновић', SECRETS.jmbg, SECRETS.phone]) {
      expect((await office.core.call('clients.search', { query })).items).toEqual([]);
    }
    await expect(office.core.call('clients.get', { id: client.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('keeps the tombstone, the counts for the report, and an audit trail of ids only', async () => {
    const office = openOffice();
    const { client } = await personWithCasework(office.core);
    const auditBefore = office.db
      .prepare('SELECT count(*) AS n FROM audit_log WHERE record_id = ?')
      .get(client.id) as {
      n: number;
    };
    await office.privacy['clients.erase']({ id: client.id, reason: 'Zahtev osobe' });

    const row = office.db.prepare('SELECT * FROM clients WHERE id = ?').get(client.id) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({
      surname: '—',
      given_name: '—',
      parent_name: null,
      jmbg: null,
      phone: null,
      notes: null,
      birth_place: null,
      addr_street: null,
      category: 'returnee_germany',
      deleted_at: '2025-03-14T09:00:00.000Z',
      erased_at: '2025-03-14T09:00:00.000Z',
    });
    const services = office.db
      .prepare('SELECT kind, note, deleted_at FROM services WHERE client_id = ?')
      .all(client.id);
    expect(services).toEqual([{ kind: 'counselling', note: null, deleted_at: null }]);
    const appointments = office.db
      .prepare('SELECT purpose, status FROM appointments WHERE client_id = ?')
      .all(client.id);
    expect(appointments).toEqual([{ purpose: null, status: 'cancelled' }]);
    const packets = office.db
      .prepare('SELECT procedure, snapshot, deleted_at FROM packets WHERE client_id = ?')
      .all(client.id);
    expect(packets).toEqual([
      { procedure: 'id-card', snapshot: '{"erased":true}', deleted_at: '2025-03-14T09:00:00.000Z' },
    ]);

    const trail = office.db
      .prepare(
        'SELECT actor, action, method, record_type, record_id, detail FROM audit_log WHERE record_id = ?',
      )
      .all(client.id) as Record<string, string | null>[];
    expect(trail).toHaveLength(auditBefore.n);
    for (const entry of trail) {
      expect(entry.record_id).toBe(client.id);
      expect(JSON.stringify(entry)).not.toMatch(/Vukašinović|Zorislava|0101990715000/);
    }
    expect(await office.core.call('audit.verify', {})).toMatchObject({ ok: true });
  });

  it('sends the purge to the outbox as nulls and placeholders, and no old value stays there', async () => {
    const office = openOffice();
    const { client } = await personWithCasework(office.core);
    await office.privacy['clients.erase']({ id: client.id, reason: 'Zahtev osobe' });

    const entries = office.db
      .prepare("SELECT fields FROM sync_outbox WHERE tbl = 'clients' AND row_id = ? ORDER BY seq")
      .all(client.id) as { fields: string }[];
    const last = JSON.parse(entries.at(-1)!.fields);
    expect(last).toMatchObject({
      surname: '—',
      given_name: '—',
      parent_name: null,
      jmbg: null,
      phone: null,
      notes: null,
      addr_street: null,
      deleted_at: '2025-03-14T09:00:00.000Z',
    });
    // The creation, never pushed, still goes out whole, with the purged values.
    expect(JSON.parse(entries[0]!.fields)).toMatchObject({ category: 'returnee_germany', surname: '—' });
    const outbox = office.db.prepare('SELECT fields FROM sync_outbox').all() as { fields: string }[];
    for (const secret of personal) expect(outbox.map((e) => e.fields).join('\n')).not.toContain(secret);
  });

  it('refuses to erase twice, and says so; an unknown id is not found', async () => {
    const office = openOffice();
    const { client } = await personWithCasework(office.core);
    await office.privacy['clients.erase']({ id: client.id, reason: 'Zahtev osobe' });
    await expect(office.privacy['clients.erase']({ id: client.id, reason: 'Opet' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: expect.stringContaining('already erased on 2025-03-14'),
    });
    await expect(
      office.privacy['clients.erase']({ id: '0190a1b2-0000-7000-8000-000000000000', reason: 'Zahtev' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('erases a person who had only been removed from the lists', async () => {
    const office = openOffice();
    const { client } = await personWithCasework(office.core);
    await office.core.call('clients.delete', { id: client.id });
    await office.privacy['clients.erase']({ id: client.id, reason: 'Zahtev osobe' });
    expect(findEverywhere(office.db, personal)).toEqual([]);
  });
});
