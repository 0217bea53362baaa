import { describe, expect, it } from 'vitest';
import type { PreflightProblem } from '../../src/shared/packets';
import { createClient, dragana, openCore } from './fixtures';

const find = (problems: PreflightProblem[], code: string, field: string) =>
  problems.find((p) => p.code === code && p.field === field);

describe('preflight', () => {
  it('names each empty required field, the document it is on, and stops the packet', async () => {
    const core = openCore();
    const client = await createClient(core, {
      ...dragana,
      parentName: null,
      birthPlace: null,
      address: { place: 'Beograd', municipality: 'Voždovac' },
    });
    const preflight = await core.call('packets.preflight', {
      clientId: client.id,
      options: { procedure: 'residence' },
    });
    expect(find(preflight.problems, 'missing', 'client.parentName')).toMatchObject({
      severity: 'error',
      document: 'residence-application',
      label: 'Име једног родитеља',
      fix: 'client',
      blank: false,
    });
    expect(find(preflight.problems, 'missing', 'client.address.street')).toMatchObject({
      label: 'Улица',
      fix: 'client',
    });
    expect(find(preflight.problems, 'missing', 'client.birthPlace')).toBeDefined();
    // Entrance, floor and flat may stay empty.
    expect(find(preflight.problems, 'missing', 'client.address.flat')).toBeUndefined();
    expect(preflight.blocking).toBe(4); // parent, birth place, street, number

    const render = await core.call('packets.render', {
      clientId: client.id,
      options: { procedure: 'residence' },
    });
    expect(render.status).toBe('blocked');
    expect(await core.call('packets.list', { clientId: client.id })).toEqual({ items: [] });
  });

  it('turns missing values into blanks to fill by hand, one by one or all at once', async () => {
    const core = openCore();
    const client = await createClient(core, { ...dragana, parentName: null });
    const one = await core.call('packets.preflight', {
      clientId: client.id,
      options: { procedure: 'residence', blanks: ['client.parentName'] },
    });
    expect(find(one.problems, 'missing', 'client.parentName')).toMatchObject({ blank: true });
    expect(one.blocking).toBe(0);
    const all = await core.call('packets.preflight', {
      clientId: client.id,
      options: { procedure: 'residence', allowBlank: true },
    });
    expect(all.problems.filter((p) => p.code === 'missing').every((p) => p.blank)).toBe(true);
  });

  it('asks for what only the counsellor knows, as an option of this packet', async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    const preflight = await core.call('packets.preflight', {
      clientId: client.id,
      options: { procedure: 'health', basis: 'unemployed' },
    });
    expect(find(preflight.problems, 'missing', 'options.rfzoBranch')).toMatchObject({
      fix: 'options',
      label: 'Филијала РФЗО',
      document: 'rfzo-cover-letter',
    });
  });

  it('shrinks a long value to fit its box, and refuses one that fits at no size', async () => {
    const core = openCore();
    const longish = await createClient(core, {
      ...dragana,
      address: { ...dragana.address, street: 'Bulevar kralja Aleksandra Karađorđevića i kneginje Zorke' },
    });
    const shrunk = find(
      (await core.call('packets.preflight', { clientId: longish.id, options: { procedure: 'residence' } }))
        .problems,
      'too_long',
      'client.address.street',
    );
    expect(shrunk).toMatchObject({ severity: 'warning', document: 'residence-application' });
    expect(shrunk!.params.size).toBeLessThan(10.5);

    const tooLong = await createClient(core, {
      ...dragana,
      jmbg: '0101990715018',
      birthPlace: 'Sveti Nikola na Ohridskom jezeru u opštini Struga, Severna Makedonija',
    });
    const problem = find(
      (await core.call('packets.preflight', { clientId: tooLong.id, options: { procedure: 'residence' } }))
        .problems,
      'too_long',
      'client.birthPlace',
    );
    expect(problem).toMatchObject({ severity: 'error', fix: 'client' });
  });

  it('finds characters the embedded font cannot draw', async () => {
    const core = openCore();
    const client = await createClient(core, { ...dragana, birthPlace: '東京', birthCountry: 'Japan' });
    const problem = find(
      (await core.call('packets.preflight', { clientId: client.id, options: { procedure: 'residence' } }))
        .problems,
      'glyph',
      'client.birthPlace',
    );
    expect(problem).toMatchObject({ severity: 'error', params: { chars: '東 京' } });
  });

  it('warns when a Cyrillic form would carry letters outside the Serbian alphabet', async () => {
    const core = openCore();
    const client = await createClient(core, {
      ...dragana,
      birthPlace: 'Düsseldorf',
      birthCountry: 'Nemačka',
    });
    const problem = find(
      (await core.call('packets.preflight', { clientId: client.id, options: { procedure: 'residence' } }))
        .problems,
      'foreign_letters',
      'client.birthPlace',
    );
    expect(problem).toMatchObject({ severity: 'warning', params: { chars: 'ü', value: 'Дüсселдорф' } });
  });

  it('flags a citizenship certificate older than six months, or expired, for the ID card', async () => {
    const core = openCore();
    const old = await createClient(core, {
      ...dragana,
      documents: [{ kind: 'citizenship_certificate', issuedOn: '2024-09-13' }],
    });
    const fresh = await createClient(core, {
      ...dragana,
      jmbg: '0101990715018',
      documents: [{ kind: 'citizenship_certificate', issuedOn: '2024-09-14' }],
    });
    const expired = await createClient(core, {
      ...dragana,
      jmbg: '0101990715026',
      documents: [{ kind: 'citizenship_certificate', issuedOn: '2025-01-10', expiresOn: '2025-03-01' }],
    });
    // The six-month limit matters only when the client brings a certificate: with the registry
    // requests ticked. Without them the police obtain it, so nothing is flagged.
    const problems = async (id: string) =>
      (
        await core.call('packets.preflight', {
          clientId: id,
          options: { procedure: 'id-card', registryRequests: true },
        })
      ).problems;
    const withoutRequests = await core.call('packets.preflight', {
      clientId: old.id,
      options: { procedure: 'id-card' },
    });
    expect(withoutRequests.problems.some((p) => p.code.startsWith('citizenship'))).toBe(false);
    // Today is 14 March 2025: 13 September is more than six months ago, 14 September is not.
    expect(
      find(await problems(old.id), 'citizenship_old', 'client.documents.citizenship_certificate.issuedOn'),
    ).toMatchObject({ severity: 'warning', params: { date: '2024-09-13', months: 6 } });
    expect((await problems(fresh.id)).some((p) => p.code.startsWith('citizenship'))).toBe(false);
    expect(
      find(
        await problems(expired.id),
        'citizenship_expired',
        'client.documents.citizenship_certificate.expiresOn',
      ),
    ).toBeDefined();
    // The residence packet does not need the certificate.
    expect(
      (
        await core.call('packets.preflight', { clientId: old.id, options: { procedure: 'residence' } })
      ).problems.some((p) => p.code.startsWith('citizenship')),
    ).toBe(false);
  });

  it('needs a municipality with a code for the model 97 reference, and says where to enter it', async () => {
    const core = openCore();
    const nowhere = await createClient(core, {
      ...dragana,
      address: { ...dragana.address, place: 'Atlantida', municipality: 'Atlantida' },
    });
    // Vranjska Banja is not on the Treasury list: its code stays empty and asks (never guessed).
    const nis = await createClient(core, {
      ...dragana,
      jmbg: '0101990715018',
      address: { ...dragana.address, place: 'Vranje', municipality: 'Vranjska Banja' },
    });
    const city = await createClient(core, {
      ...dragana,
      jmbg: '0101990715026',
      address: { ...dragana.address, place: 'Ниш', municipality: null },
    });
    const unknown = await core.call('packets.preflight', {
      clientId: nowhere.id,
      options: { procedure: 'residence' },
    });
    expect(find(unknown.problems, 'no_municipality', 'client.address.municipality')).toMatchObject({
      severity: 'error',
      fix: 'client',
      params: { value: 'Atlantida' },
    });
    const noCode = await core.call('packets.preflight', {
      clientId: nis.id,
      options: { procedure: 'residence' },
    });
    expect(find(noCode.problems, 'no_municipality_code', 'municipalities.Vranjska Banja')).toMatchObject({
      fix: 'settings',
      label: 'Врањска Бања',
    });
    // Niš is a city of five city municipalities, each with its own code: the counsellor chooses.
    const choose = await core.call('packets.preflight', {
      clientId: city.id,
      options: { procedure: 'residence' },
    });
    expect(find(choose.problems, 'municipality_choose', 'client.address.municipality')).toMatchObject({
      severity: 'error',
      fix: 'client',
      params: { city: 'Niš', options: 'Crveni krst, Mediana, Niška Banja, Palilula (Niš), Pantelej' },
    });
    // A blank reference is allowed: the slip is printed without QR code and the reference is written by hand.
    const blank = await core.call('packets.preflight', {
      clientId: nis.id,
      options: { procedure: 'residence', blanks: ['municipalities.Vranjska Banja'] },
    });
    expect(blank.blocking).toBe(0);
  });

  it('warns while a fee or code used is still marked "verify"', async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    const { problems } = await core.call('packets.preflight', {
      clientId: client.id,
      options: { procedure: 'id-card' },
    });
    expect(
      problems
        .filter((p) => p.code === 'unverified')
        .map((p) => p.field)
        .sort(),
    ).toEqual(['fees.id-card-form', 'fees.id-card-production']);
    // The production cost goes to the police administration's account, which the office enters.
    expect(find(problems, 'no_police_account', 'office.policeAdministrationAccount')).toMatchObject({
      severity: 'warning',
      fix: 'settings',
    });
  });

  it('warns about a JMBG kept although it fails the check', async () => {
    const core = openCore();
    const client = await createClient(core, {
      ...dragana,
      jmbg: '0101990715001',
      jmbgOverrideReason: 'As written on the old ID card',
    });
    const { problems } = await core.call('packets.preflight', {
      clientId: client.id,
      options: { procedure: 'residence' },
    });
    expect(find(problems, 'jmbg_invalid', 'client.jmbg')).toMatchObject({
      severity: 'warning',
      params: { reason: 'As written on the old ID card' },
    });
  });

  it('refuses to waive a fee the packet does not have', async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    await expect(
      core.call('packets.preflight', {
        clientId: client.id,
        options: { procedure: 'residence', waivers: [{ fee: 'id-card-form', legalBasis: 'čl. 19' }] },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      core.call('packets.preflight', { clientId: client.id, options: { procedure: 'health' } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: { 'options.basis': 'Choose the basis of insurance' },
    });
  });
});
