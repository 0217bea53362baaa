import { describe, expect, it } from 'vitest';
import { similarNames } from '../../src/core/casework/duplicates/similar-names';
import { newClient, useCaseworkCore } from './helpers';

const openCore = useCaseworkCore();

describe('possible duplicates when a client is added', () => {
  it('finds a record with the same JMBG', async () => {
    const { core } = openCore();
    const existing = await newClient(core, { surname: 'Petrović', givenName: 'Ivan', jmbg: '0101900350008' });
    const { items } = await core.call('clients.possibleDuplicates', {
      surname: 'Nikolić',
      givenName: 'Marko',
      jmbg: '0101 900 350 008',
    });
    expect(items).toHaveLength(1);
    expect(items[0]?.client.id).toBe(existing.id);
    expect(items[0]?.reasons).toContain('same_jmbg');
  });

  it('finds "Djordjevic Ljubica" born the same day as "Ђорђевић Љубица" (across scripts)', async () => {
    const { core } = openCore();
    const existing = await newClient(core, {
      surname: 'Ђорђевић',
      givenName: 'Љубица',
      birthDate: '1985-06-02',
    });
    await newClient(core, { surname: 'Ђорђевић', givenName: 'Љубица', birthDate: '1990-01-01' });

    const { items } = await core.call('clients.possibleDuplicates', {
      surname: 'Djordjevic',
      givenName: 'Ljubica',
      birthDate: '1985-06-02',
    });

    expect(items.map((d) => d.client.id)).toEqual([existing.id]);
    expect(items[0]?.reasons).toEqual(['similar_name_same_birth_date']);
    expect(items[0]?.client.names.latn.surname).toBe('Đorđević');
  });

  it('works the other way round and without diacritics or đ ("Dordevic")', async () => {
    const { core } = openCore();
    const existing = await newClient(core, {
      surname: 'Dordevic',
      givenName: 'Ljubica',
      birthDate: '1985-06-02',
    });
    const { items } = await core.call('clients.possibleDuplicates', {
      surname: 'Ђорђевић',
      givenName: 'Љубица',
      birthDate: '1985-06-02',
    });
    expect(items.map((d) => d.client.id)).toEqual([existing.id]);
  });

  it('takes the birth date from a valid JMBG when none is typed', async () => {
    const { core } = openCore();
    const existing = await newClient(core, {
      surname: 'Šaćiri',
      givenName: 'Džemile',
      birthDate: '1900-01-01',
    });
    const { items } = await core.call('clients.possibleDuplicates', {
      surname: 'Sachiri',
      givenName: 'Dzemile',
      jmbg: '0101900350008', // born 1900-01-01; no record has this JMBG
    });
    expect(items.map((d) => [d.client.id, d.reasons])).toEqual([
      [existing.id, ['similar_name_same_birth_date']],
    ]);
  });

  it('does not report a similar name born on another day, nor the record being edited', async () => {
    const { core } = openCore();
    const existing = await newClient(core, {
      surname: 'Jovanović',
      givenName: 'Dragan',
      birthDate: '1970-05-05',
    });
    expect(
      (
        await core.call('clients.possibleDuplicates', {
          surname: 'Jovanovic',
          givenName: 'Dragan',
          birthDate: '1970-05-06',
        })
      ).items,
    ).toEqual([]);
    expect(
      (
        await core.call('clients.possibleDuplicates', {
          surname: 'Jovanovic',
          givenName: 'Dragan',
          birthDate: '1970-05-05',
          excludeId: existing.id,
        })
      ).items,
    ).toEqual([]);
  });

  it('gives both reasons when JMBG and name agree', async () => {
    const { core } = openCore();
    await newClient(core, { surname: 'Petrović', givenName: 'Ivan', jmbg: '0101900350008' });
    const { items } = await core.call('clients.possibleDuplicates', {
      surname: 'Petrovic',
      givenName: 'Ivan',
      jmbg: '0101900350008',
    });
    expect(items[0]?.reasons.sort()).toEqual(['same_jmbg', 'similar_name_same_birth_date']);
  });
});

describe('similar names', () => {
  it.each([
    [
      ['Ђорђевић', 'Љубица'],
      ['Djordjevic', 'Ljubica'],
    ],
    [
      ['Đorđević', 'Ljubica'],
      ['Dordevic', 'Ljubica'],
    ],
    [
      ['Jovanović', 'Dragan'],
      ['Dragan', 'Jovanović'],
    ], // surname and given name swapped
    [
      ['Jovanović', 'Dragan'],
      ['Jovanovič', 'Dragan'],
    ], // one letter off
    [
      ['Ramadani Berisha', 'Fatima'],
      ['Berisha', 'Fatima'],
    ], // one of two surnames
    [
      ['Stojanović', 'Aleksandar'],
      ['Stojanovic', 'Aleksander'],
    ],
    // A typo as likely as a twin: the counsellor looks at both and decides.
    [
      ['Petrović', 'Ivan'],
      ['Petrović', 'Ivana'],
    ],
  ])('%j and %j are similar', ([s1, g1], [s2, g2]) => {
    expect(similarNames({ surname: s1!, givenName: g1! }, { surname: s2!, givenName: g2! })).toBe(true);
  });

  it.each([
    [
      ['Jovanović', 'Dragan'],
      ['Jovanović', 'Dragana'.slice(0, 3)],
    ], // "Dra" is too short to forgive
    [
      ['Ilić', 'Ana'],
      ['Ilić', 'Ane'],
    ], // three letters: no typo forgiven
    [
      ['Nikolić', 'Marko'],
      ['Marković', 'Nikola'],
    ],
    [
      ['Ilić', 'Ana'],
      ['Ilić', 'Ema'],
    ],
  ])('%j and %j are not', ([s1, g1], [s2, g2]) => {
    expect(similarNames({ surname: s1!, givenName: g1! }, { surname: s2!, givenName: g2! })).toBe(false);
  });
});
