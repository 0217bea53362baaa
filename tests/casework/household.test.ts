import { describe, expect, it } from 'vitest';
import { newClient, rejection, useCaseworkCore } from './helpers';

const openCore = useCaseworkCore();

describe('household links', () => {
  it('shows each link from both sides with the relation reversed', async () => {
    const { core } = openCore();
    const mother = await newClient(core, { givenName: 'Ljubica', birthDate: '1985-06-02' });
    const son = await newClient(core, { givenName: 'Marko', birthDate: '2010-01-15' });
    const { items } = await core.call('household.link', {
      clientId: mother.id,
      relatedClientId: son.id,
      relation: 'child',
    });
    expect(items.map((m) => [m.client.givenName, m.relation])).toEqual([['Marko', 'child']]);
    const fromSon = await core.call('household.list', { clientId: son.id });
    expect(fromSon.items.map((m) => [m.client.givenName, m.relation])).toEqual([['Ljubica', 'parent']]);
  });

  it('corrects the relation when a pair is linked again, from either side', async () => {
    const { core } = openCore();
    const a = await newClient(core, { givenName: 'Ana' });
    const b = await newClient(core, { givenName: 'Bojan' });
    await core.call('household.link', { clientId: a.id, relatedClientId: b.id, relation: 'sibling' });
    await core.call('household.link', { clientId: b.id, relatedClientId: a.id, relation: 'spouse' });
    expect((await core.call('household.list', { clientId: a.id })).items.map((m) => m.relation)).toEqual([
      'spouse',
    ]);
  });

  it('refuses to link a client to themselves, and unlinks', async () => {
    const { core } = openCore();
    const a = await newClient(core);
    const b = await newClient(core, { givenName: 'Mira' });
    expect(
      (
        await rejection(
          core.call('household.link', { clientId: a.id, relatedClientId: a.id, relation: 'other' }),
        )
      ).code,
    ).toBe('VALIDATION');
    const { items } = await core.call('household.link', {
      clientId: a.id,
      relatedClientId: b.id,
      relation: 'spouse',
    });
    await core.call('household.unlink', { linkId: items[0]!.linkId });
    expect((await core.call('household.list', { clientId: a.id })).items).toEqual([]);
  });

  it("makes a child's record from a parent's with the shared address and links them", async () => {
    const { core } = openCore();
    const parent = await newClient(core, {
      surname: 'Ђорђевић',
      givenName: 'Љубица',
      category: 'returnee_germany',
      returnCountry: 'Nemačka',
      residenceStatus: 'registered_csr',
      address: { place: 'Niš', municipality: 'Palilula', street: 'Bulevar Nemanjića', number: '12' },
    });
    const child = await core.call('household.createChild', {
      parentId: parent.id,
      child: { givenName: 'Марко', sex: 'M', birthDate: '2015-04-01' },
    });
    expect(child).toMatchObject({
      surname: 'Ђорђевић',
      givenName: 'Марко',
      category: 'returnee_germany',
      returnCountry: 'Nemačka',
      residenceStatus: 'registered_csr',
      address: {
        place: 'Niš',
        municipality: 'Palilula',
        street: 'Bulevar Nemanjića',
        number: '12',
        flat: null,
      },
      birthDate: '2015-04-01',
    });
    const household = await core.call('household.list', { clientId: parent.id });
    expect(household.items.map((m) => [m.client.id, m.relation])).toEqual([[child.id, 'child']]);
  });

  it("refuses a child's record whose JMBG is invalid without a reason, creating nothing", async () => {
    const { core } = openCore();
    const parent = await newClient(core);
    const error = await rejection(
      core.call('household.createChild', {
        parentId: parent.id,
        child: { givenName: 'Mila', jmbg: '0101900350009' },
      }),
    );
    expect(error.code).toBe('JMBG_INVALID');
    expect((await core.call('household.list', { clientId: parent.id })).items).toEqual([]);
    expect((await core.call('clients.search', { query: 'Mila' })).items).toEqual([]);
  });
});
