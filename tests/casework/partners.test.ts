import { describe, expect, it } from 'vitest';
import { rejection, useCaseworkCore } from './helpers';

const openCore = useCaseworkCore();
const HOTSPOT_CITIES = ['Bor', 'Kraljevo', 'Kruševac', 'Niš', 'Novi Pazar', 'Novi Sad'];

describe('the partners directory', () => {
  it('starts with example entries for the six hotspot cities, marked and without invented contacts', async () => {
    const { core } = openCore();
    const { items, cities } = await core.call('partners.list', {});
    expect(cities).toEqual(HOTSPOT_CITIES);
    for (const city of HOTSPOT_CITIES) {
      const kinds = items.filter((p) => p.city === city).map((p) => p.kind);
      expect(kinds).toEqual(
        expect.arrayContaining(['csr', 'police_administration', 'rfzo_branch', 'local_self_government']),
      );
    }
    expect(items.every((p) => p.isExample && p.contact === null && p.address === null)).toBe(true);
    expect(items.map((p) => p.name)).toContain('Centar za socijalni rad Niš');
  });

  it('filters by city and kind, and finds a name typed in Cyrillic or without diacritics', async () => {
    const { core } = openCore();
    const police = await core.call('partners.list', { city: 'Kraljevo', kind: 'police_administration' });
    expect(police.items.map((p) => p.name)).toEqual(['Policijska uprava Kraljevo']);
    const cyrillic = await core.call('partners.list', { query: 'центар ниш' });
    expect(cyrillic.items.map((p) => p.name)).toEqual(['Centar za socijalni rad Niš']);
    const plain = await core.call('partners.list', { query: 'krusevac rfzo' });
    expect(plain.items.map((p) => p.name)).toEqual(['RFZO – filijala Kruševac']);
  });

  it('lets the office correct an example entry and clear its mark, and add its own partners', async () => {
    const { core } = openCore();
    const [csr] = (await core.call('partners.list', { city: 'Bor', kind: 'csr' })).items;
    const corrected = await core.call('partners.save', {
      id: csr!.id,
      partner: {
        city: 'Bor',
        kind: 'csr',
        name: 'Centar za socijalni rad opštine Bor',
        address: 'Moše Pijade 15',
        isExample: false,
      },
    });
    expect(corrected).toMatchObject({
      name: 'Centar za socijalni rad opštine Bor',
      address: 'Moše Pijade 15',
      isExample: false,
    });

    const added = await core.call('partners.save', {
      partner: { city: 'Subotica', kind: 'ngo', name: 'Praxis', contact: 'office@example.org' },
    });
    expect(added.isExample).toBe(false);
    expect((await core.call('partners.list', {})).cities).toContain('Subotica');
  });

  it('refuses a partner without a name or city', async () => {
    const { core } = openCore();
    const error = await rejection(
      core.call('partners.save', { partner: { city: ' ', kind: 'ngo', name: '' } }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(Object.keys(error.fields ?? {})).toEqual(expect.arrayContaining(['partner.city', 'partner.name']));
  });
});
