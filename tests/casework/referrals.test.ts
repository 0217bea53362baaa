import { describe, expect, it } from 'vitest';
import { newClient, readPdf, rejection, useCaseworkCore } from './helpers';

const openCore = useCaseworkCore();

async function setUp(consent?: { given: boolean; how?: 'signed' | 'oral' | 'written' }) {
  const { core, setToday } = openCore();
  const client = await newClient(core, {
    surname: 'Đorđević',
    givenName: 'Ljubica',
    birthDate: '1985-06-02',
    phone: '064 123 4567',
    jmbg: '0101900350008',
    jmbgOverrideReason: 'Copied from an old card',
    preferredScript: 'cyrl',
  });
  const { items } = await core.call('partners.list', { city: 'Niš', kind: 'csr' });
  const partner = items[0]!;
  setToday('2025-03-10');
  const referral = await core.call('referrals.create', {
    clientId: client.id,
    partnerId: partner.id,
    reason: 'Jednokratna novčana pomoć',
    ...(consent ? { consent } : {}),
  });
  return { core, client, partner, referral, setToday };
}

describe('referrals', () => {
  it('gets a reference code, today’s date and the partner, with status sent', async () => {
    const { referral, partner } = await setUp({ given: true });
    expect(referral.referenceCode).toMatch(/^U-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(referral).toMatchObject({
      referredOn: '2025-03-10',
      status: 'sent',
      outcome: null,
      counsellor: 'system', // whoever makes the call: the tests' core runs as the system actor
    });
    expect(referral.partner).toMatchObject({
      id: partner.id,
      name: 'Centar za socijalni rad Niš',
      kind: 'csr',
    });
    expect(referral.consent).toMatchObject({
      given: true,
      how: 'signed',
      recordedAt: '2025-03-10T12:00:00.000Z',
    });
  });

  it('refuses the slip until the client has consented to sharing, then prints it', async () => {
    const { core, referral, setToday } = await setUp();
    expect(referral.consent).toEqual({ given: false, how: null, note: null, recordedAt: null });

    const error = await rejection(core.call('referrals.slip', { id: referral.id }));
    expect(error.code).toBe('NOT_ALLOWED');
    expect(error.detail).toEqual({ reason: 'consent' });
    expect(error.message).toContain('consent');

    setToday('2025-03-11');
    const withConsent = await core.call('referrals.update', {
      id: referral.id,
      consent: { given: true, how: 'oral' },
    });
    expect(withConsent.consent).toMatchObject({
      given: true,
      how: 'oral',
      recordedAt: '2025-03-11T12:00:00.000Z',
    });
    const slip = await core.call('referrals.slip', { id: referral.id, language: 'sr-Latn' });
    expect(slip.mimeType).toBe('application/pdf');
    expect(readPdf(slip.contentBase64).flat).toContain('(usmena saglasnost, 11.03.2025.)');
    expect(
      (await core.call('referrals.list', { clientId: withConsent.clientId })).items[0]?.slipPrintedAt,
    ).toBe('2025-03-11T12:00:00.000Z');
  });

  it('refuses the slip again when consent is withdrawn', async () => {
    const { core, referral } = await setUp({ given: true });
    await core.call('referrals.update', { id: referral.id, consent: { given: false } });
    expect((await rejection(core.call('referrals.slip', { id: referral.id }))).code).toBe('NOT_ALLOWED');
  });

  it('prints an A4 slip in the client’s script with the code, partner, reason and consent, and no JMBG', async () => {
    const { core, referral } = await setUp({ given: true });
    const slip = await core.call('referrals.slip', { id: referral.id });
    const pdf = readPdf(slip.contentBase64);

    expect(pdf.pageSize).toMatch(/^595\.2\d* x 841\.8\d* pts \(A4\)/);
    expect(pdf.pages).toBe(1);
    expect(slip.fileName).toBe(`${referral.referenceCode}.pdf`);
    // Cyrillic: the client prefers it; names in their Cyrillic spelling.
    expect(pdf.text).toContain('УПУТ');
    expect(pdf.text).toContain(referral.referenceCode);
    expect(pdf.text).toContain('Ђорђевић Љубица');
    expect(pdf.text).toContain('Центар за социјални рад Ниш');
    expect(pdf.text).not.toContain('Ниш, Ниш');
    expect(pdf.text).toContain('Једнократна новчана помоћ');
    expect(pdf.text).toContain('02.06.1985.');
    expect(pdf.text).toContain('Клијент је дао сагласност');
    expect(pdf.text).not.toContain('0101900350008');
  });

  it('prints in English on request', async () => {
    const { core, referral } = await setUp({ given: true });
    const { text } = readPdf(
      (await core.call('referrals.slip', { id: referral.id, language: 'en' })).contentBase64,
    );
    expect(text).toContain('REFERRAL');
    expect(text).toContain('Đorđević Ljubica');
    expect(text).toContain('Please quote the referral number');
  });

  it('closes with an outcome, and refuses to close without one or to reopen', async () => {
    const { core, referral, setToday } = await setUp({ given: true });
    await core.call('referrals.update', { id: referral.id, status: 'in_progress' });
    const noOutcome = await rejection(core.call('referrals.update', { id: referral.id, status: 'closed' }));
    expect(noOutcome.fields).toHaveProperty('outcome');

    setToday('2025-03-20');
    const closed = await core.call('referrals.update', {
      id: referral.id,
      outcome: 'resolved',
      outcomeNote: 'Pomoć odobrena',
    });
    expect(closed).toMatchObject({
      status: 'closed',
      outcome: 'resolved',
      outcomeNote: 'Pomoć odobrena',
      closedOn: '2025-03-20',
    });

    const reopen = await rejection(core.call('referrals.update', { id: referral.id, status: 'sent' }));
    expect(reopen.code).toBe('NOT_ALLOWED');
    expect((await core.call('referrals.list', { clientId: referral.clientId })).items[0]?.status).toBe(
      'closed',
    );
  });

  it('refuses a partner that was removed from the directory', async () => {
    const { core, client, partner } = await setUp({ given: true });
    await core.call('partners.remove', { id: partner.id });
    const error = await rejection(
      core.call('referrals.create', { clientId: client.id, partnerId: partner.id, reason: 'x' }),
    );
    expect(error.code).toBe('NOT_FOUND');
    // Old referrals still name it.
    expect((await core.call('referrals.list', { clientId: client.id })).items[0]?.partner.name).toBe(
      partner.name,
    );
  });

  it('prints a consent the register holds as given in writing as written, not signed', async () => {
    const { core, client, partner, referral } = await setUp();
    await core.call('consents.record', {
      clientId: client.id,
      purpose: 'sharing',
      partnerId: partner.id,
      givenOn: '2025-03-10',
      method: 'written',
    });
    const slip = async (language: 'en' | 'sr-Latn') =>
      readPdf((await core.call('referrals.slip', { id: referral.id, language })).contentBase64).flat;
    const english = await slip('en');
    expect(english).toContain('written consent');
    expect(english).not.toContain('signed statement');
    expect(await slip('sr-Latn')).toContain('pismena saglasnost');
  });

  it('keeps a referral consent given in writing, in the register too, and prints it so', async () => {
    const { core, client, referral } = await setUp({ given: true, how: 'written' });
    expect(referral.consent).toMatchObject({ given: true, how: 'written' });
    expect((await core.call('referrals.list', { clientId: client.id })).items[0]?.consent.how).toBe(
      'written',
    );
    const { items } = await core.call('consents.list', { clientId: client.id });
    expect(items).toEqual([expect.objectContaining({ purpose: 'sharing', method: 'written' })]);
    const { flat } = readPdf(
      (await core.call('referrals.slip', { id: referral.id, language: 'en' })).contentBase64,
    );
    expect(flat).toContain('written consent');
  });
});
