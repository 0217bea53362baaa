import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { sampleClient, useTempCore } from './helpers';

const openCore = useTempCore();

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('recording a client', () => {
  it('keeps the names as typed and derives the other script', async () => {
    const core = openCore();
    const client = await core.call('clients.create', {
      client: sampleClient({ surname: 'Đorđević', givenName: 'Ljubica', parentName: 'Njegoš' }),
    });
    expect(client.surname).toBe('Đorđević');
    expect(client.nameScript).toBe('latn');
    expect(client.names.cyrl).toEqual({ surname: 'Ђорђевић', givenName: 'Љубица', parentName: 'Његош' });

    const cyrillic = await core.call('clients.create', {
      client: sampleClient({ surname: 'ШАЋИРИ', givenName: 'Џемиле' }),
    });
    expect(cyrillic.nameScript).toBe('cyrl');
    expect(cyrillic.names.latn).toEqual({ surname: 'ŠAĆIRI', givenName: 'Džemile', parentName: null });
  });

  it('lets a person correct the derived spelling for one record', async () => {
    const core = openCore();
    const client = await core.call('clients.create', {
      client: sampleClient({ surname: 'Nadživeti', nameOverrides: { surname: 'Надживети' } }),
    });
    expect(client.names.cyrl.surname).toBe('Надживети');
    expect(client.names.cyrl.givenName).toBe('Драган');
  });

  it('fills birth date and sex from a valid JMBG', async () => {
    const core = openCore();
    const client = await core.call('clients.create', { client: sampleClient({ jmbg: '0101900 350008' }) });
    expect(client).toMatchObject({
      jmbg: '0101900350008',
      jmbgValid: true,
      birthDate: '1900-01-01',
      sex: 'M',
    });
  });

  it('refuses an invalid JMBG without a reason and writes nothing', async () => {
    const core = openCore();
    const error = await rejection(
      core.call('clients.create', { client: sampleClient({ jmbg: '0101900350009' }) }),
    );
    expect(error.code).toBe('JMBG_INVALID');
    expect(error.fields?.jmbg).toMatch(/control digit should be 8/);
    expect((await core.call('system.info', {})).clientCount).toBe(0);
  });

  it('keeps an invalid JMBG when a reason is given, marked as not valid', async () => {
    const core = openCore();
    const client = await core.call('clients.create', {
      client: sampleClient({
        jmbg: '0101900350009',
        jmbgOverrideReason: 'As printed on the German readmission paper',
      }),
    });
    expect(client).toMatchObject({
      jmbgValid: false,
      jmbgOverrideReason: 'As printed on the German readmission paper',
    });
  });

  it('treats a birth date that disagrees with the JMBG as a problem needing a reason', async () => {
    const core = openCore();
    const error = await rejection(
      core.call('clients.create', {
        client: sampleClient({ jmbg: '0101900350008', birthDate: '1901-01-01' }),
      }),
    );
    expect(error.code).toBe('JMBG_INVALID');
    expect(error.message).toMatch(/1900-01-01/);
  });

  it('catches the same person entered twice by JMBG and names the existing record', async () => {
    const core = openCore();
    const first = await core.call('clients.create', { client: sampleClient({ jmbg: '0101900350008' }) });
    const error = await rejection(
      core.call('clients.create', { client: sampleClient({ surname: 'Other', jmbg: '0101900350008' }) }),
    );
    expect(error.code).toBe('DUPLICATE_JMBG');
    expect(error.detail?.existingId).toBe(first.id);
  });

  it('answers a half-valid record with every bad field and saves nothing', async () => {
    const core = openCore();
    const error = await rejection(
      core.call('clients.create', {
        client: { surname: '', givenName: 'Ana', category: 'tourist', birthDate: '1990-02-31' },
      } as never),
    );
    expect(error.code).toBe('VALIDATION');
    expect(Object.keys(error.fields ?? {})).toEqual(
      expect.arrayContaining(['client.surname', 'client.category', 'client.birthDate']),
    );
    expect((await core.call('system.info', {})).clientCount).toBe(0);
  });

  it('stores documents the person holds and replaces them on update', async () => {
    const core = openCore();
    const client = await core.call('clients.create', {
      client: sampleClient({
        documents: [
          { kind: 'passport', number: 'P123', expiresOn: '2030-05-01' },
          { kind: 'birth_extract', issuedOn: '2026-01-10' },
        ],
      }),
    });
    expect(client.documents.map((d) => d.kind)).toEqual(['passport', 'birth_extract']);
    const updated = await core.call('clients.update', {
      id: client.id,
      client: { ...sampleClient(), documents: [{ kind: 'id_card', number: '0099' }] },
    });
    expect(updated.documents).toEqual([{ kind: 'id_card', number: '0099', issuedOn: null, expiresOn: null }]);
  });
});

describe('correcting a client', () => {
  it('refuses an update made from a stale copy and keeps the newer data', async () => {
    const core = openCore();
    const client = await core.call('clients.create', { client: sampleClient() });
    await core.call('clients.update', {
      id: client.id,
      client: sampleClient({ phone: '064 111 2222' }),
      expectedUpdatedAt: client.updatedAt,
    });
    const error = await rejection(
      core.call('clients.update', {
        id: client.id,
        client: sampleClient({ phone: '065 000 0000' }),
        expectedUpdatedAt: client.updatedAt,
      }),
    );
    expect(error.code).toBe('CONFLICT');
    expect((await core.call('clients.get', { id: client.id })).phone).toBe('064 111 2222');
  });

  it('removes a client from lists and search but keeps the tombstone', async () => {
    const core = openCore();
    const client = await core.call('clients.create', { client: sampleClient({ surname: 'Bajramović' }) });
    await core.call('clients.delete', { id: client.id });
    expect((await core.call('clients.search', { query: 'bajram' })).items).toEqual([]);
    expect((await rejection(core.call('clients.get', { id: client.id }))).code).toBe('NOT_FOUND');
  });

  it('allows the JMBG of a removed client to be used again', async () => {
    const core = openCore();
    const client = await core.call('clients.create', { client: sampleClient({ jmbg: '0101900350008' }) });
    await core.call('clients.delete', { id: client.id });
    await expect(
      core.call('clients.create', { client: sampleClient({ jmbg: '0101900350008' }) }),
    ).resolves.toBeTruthy();
  });
});

describe('finding a client', () => {
  async function seeded() {
    const core = openCore();
    await core.call('clients.create', {
      client: sampleClient({
        surname: 'Đorđević',
        givenName: 'Ljubica',
        jmbg: '0101900350008',
        phone: '+381 64 123 4567',
      }),
    });
    await core.call('clients.create', { client: sampleClient({ surname: 'Ђорђевић', givenName: 'Милан' }) });
    await core.call('clients.create', { client: sampleClient({ surname: 'Dordevic', givenName: 'Senad' }) });
    await core.call('clients.create', { client: sampleClient({ surname: 'Šaćiri', givenName: 'Fatima' }) });
    return core;
  }
  const names = async (core: Awaited<ReturnType<typeof seeded>>, query: string) =>
    (await core.call('clients.search', { query })).items.map((c) => c.names.latn.givenName).sort();

  it.each(['Ђорђевић', 'Đorđević', 'Djordjevic', 'Dordevic', 'đorđ', 'DJORDJ'])(
    'finds all three Đorđevićs when typed as %s',
    async (query) => {
      expect(await names(await seeded(), query)).toEqual(['Ljubica', 'Milan', 'Senad']);
    },
  );

  it('finds by several name parts in any order and script', async () => {
    const core = await seeded();
    expect(await names(core, 'љуб ђорђ')).toEqual(['Ljubica']);
    expect(await names(core, 'ljubica dordevic')).toEqual(['Ljubica']);
    expect(await names(core, 'sacir')).toEqual(['Fatima']);
  });

  it('finds by JMBG prefix and by phone in any notation', async () => {
    const core = await seeded();
    expect(await names(core, '0101900')).toEqual(['Ljubica']);
    expect(await names(core, '064 123')).toEqual(['Ljubica']);
    expect(await names(core, '+381641234567')).toEqual(['Ljubica']);
  });

  it('treats search operators and quotes as plain text', async () => {
    const core = await seeded();
    for (const query of ['"', 'NEAR(', 'a OR b', '*', "O'Brien", '-x']) {
      await expect(core.call('clients.search', { query })).resolves.toHaveProperty('items');
    }
  });

  it('pages through results without repeating anyone', async () => {
    const core = openCore();
    for (let i = 0; i < 7; i++)
      await core.call('clients.create', { client: sampleClient({ givenName: `Ana${i}` }) });
    const first = await core.call('clients.search', { query: 'jovan', limit: 5 });
    const second = await core.call('clients.search', { query: 'jovan', limit: 5, offset: 5 });
    expect(first.hasMore).toBe(true);
    expect(second.hasMore).toBe(false);
    const ids = [...first.items, ...second.items].map((c) => c.id);
    expect(new Set(ids).size).toBe(7);
  });

  it('lists the most recently changed clients for an empty query', async () => {
    const core = openCore();
    const a = await core.call('clients.create', { client: sampleClient({ givenName: 'First' }) });
    await core.call('clients.create', { client: sampleClient({ givenName: 'Second' }) });
    await core.call('clients.update', { id: a.id, client: sampleClient({ givenName: 'First again' }) });
    const { items } = await core.call('clients.search', { query: '' });
    expect(items.map((c) => c.givenName)).toEqual(['First again', 'Second']);
  });
});

describe('counting the matches of a search', () => {
  it('gives the total of every page, not only the page shown', async () => {
    const core = openCore();
    for (let i = 0; i < 7; i++)
      await core.call('clients.create', { client: sampleClient({ givenName: `Ana${i}` }) });
    await core.call('clients.create', { client: sampleClient({ surname: 'Šaćiri', givenName: 'Fatima' }) });
    const first = await core.call('clients.search', { query: 'jovan', limit: 5 });
    const second = await core.call('clients.search', { query: 'jovan', limit: 5, offset: 5 });
    expect([first.items.length, first.total]).toEqual([5, 7]);
    expect([second.items.length, second.total]).toEqual([2, 7]);
    expect((await core.call('clients.search', { query: 'šaćiri' })).total).toBe(1);
    expect((await core.call('clients.search', { query: 'nobody' })).total).toBe(0);
  });

  it('counts the whole registry for an empty query, leaving removed clients out', async () => {
    const core = openCore();
    const created = [];
    for (let i = 0; i < 4; i++)
      created.push(await core.call('clients.create', { client: sampleClient({ givenName: `Ana${i}` }) }));
    await core.call('clients.delete', { id: created[0]!.id });
    expect((await core.call('clients.search', { query: '', limit: 2 })).total).toBe(3);
    expect((await core.call('clients.search', { query: 'jovan', limit: 2 })).total).toBe(3);
  });

  it('counts JMBG and phone matches once each', async () => {
    const core = openCore();
    await core.call('clients.create', {
      client: sampleClient({ jmbg: '0101990710008', phone: '0101990' }),
    });
    await core.call('clients.create', { client: sampleClient({ givenName: 'Ana', phone: '010 1990 55' }) });
    await core.call('clients.create', { client: sampleClient({ givenName: 'Mira', phone: '064 111' }) });
    const found = await core.call('clients.search', { query: '0101990', limit: 1 });
    expect([found.items.length, found.hasMore, found.total]).toEqual([1, true, 2]);
  });
});

describe('a query too broad to rank', () => {
  it('lists the newest matching clients first, paged without repeats', async () => {
    const core = openCore();
    // More matches than are ranked (2,000): "mil…" for every one.
    const created: string[] = [];
    const inputs = Array.from({ length: 2_050 }, (_, i) =>
      sampleClient({ surname: `Milić${i}`, givenName: 'Ana' }),
    );
    for (const client of inputs.slice(0, 2_050))
      created.push((await core.call('clients.create', { client })).id);
    const first = await core.call('clients.search', { query: 'mil', limit: 25 });
    expect(first.items[0]!.id).toBe(created.at(-1));
    expect(first.hasMore).toBe(true);
    expect(first.total).toBe(2_050);
    const second = await core.call('clients.search', { query: 'mil', limit: 25, offset: 25 });
    expect(new Set([...first.items, ...second.items].map((c) => c.id)).size).toBe(50);
  }, 60_000);
});
