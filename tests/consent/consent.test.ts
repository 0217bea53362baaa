import { describe, expect, it } from 'vitest';
import { newClient, readPdf, rejection } from '../casework/helpers';
import { ADMIN, COUNSELLOR, signInAs, useConsentCore } from './helpers';

const setUp = useConsentCore();

describe('the consent register', () => {
  it('records consent per purpose, with the day, how it was given and who recorded it', async () => {
    const { core, client, partner } = await setUp();
    const processing = await core.call('consents.record', {
      clientId: client.id,
      purpose: 'processing',
      givenOn: '2025-03-01',
      method: 'written',
    });
    const sharing = await core.call('consents.record', {
      clientId: client.id,
      purpose: 'sharing',
      partnerId: partner.id,
      givenOn: '2025-03-10',
      method: 'oral',
      expiresOn: '2025-09-10',
    });
    expect(processing).toMatchObject({
      purpose: 'processing',
      partner: null,
      givenOn: '2025-03-01',
      method: 'written',
      expiresOn: null,
      withdrawnOn: null,
      recordedBy: 'system',
      status: 'active',
    });
    expect(sharing).toMatchObject({
      purpose: 'sharing',
      partner: { id: partner.id, name: partner.name, city: 'Niš' },
      expiresOn: '2025-09-10',
      status: 'active',
    });
    const { items } = await core.call('consents.list', { clientId: client.id });
    expect(items.map((c) => c.id)).toEqual([sharing.id, processing.id]);
  });

  it('demands a partner for sharing, none for processing, and no future dates', async () => {
    const { core, client, partner } = await setUp();
    const base = { clientId: client.id, givenOn: '2025-03-10', method: 'signed' } as const;
    expect((await rejection(core.call('consents.record', { ...base, purpose: 'sharing' }))).code).toBe(
      'VALIDATION',
    );
    expect(
      (
        await rejection(
          core.call('consents.record', { ...base, purpose: 'processing', partnerId: partner.id }),
        )
      ).code,
    ).toBe('VALIDATION');
    const future = await rejection(
      core.call('consents.record', { ...base, purpose: 'processing', givenOn: '2025-03-11' }),
    );
    expect(future.fields).toEqual({ givenOn: 'In the future' });
  });

  it('keeps a withdrawn consent, marked withdrawn from that day with the note', async () => {
    const { core, client, setToday } = await setUp();
    const consent = await core.call('consents.record', {
      clientId: client.id,
      purpose: 'processing',
      givenOn: '2025-03-10',
      method: 'signed',
    });
    setToday('2025-04-02');
    const withdrawn = await core.call('consents.withdraw', {
      id: consent.id,
      note: 'Rekla usmeno na šalteru',
    });
    expect(withdrawn).toMatchObject({
      withdrawnOn: '2025-04-02',
      withdrawnNote: 'Rekla usmeno na šalteru',
      status: 'withdrawn',
    });
    expect((await core.call('consents.list', { clientId: client.id })).items).toHaveLength(1);
    const again = await rejection(core.call('consents.withdraw', { id: consent.id }));
    expect(again.code).toBe('NOT_ALLOWED');
    expect(again.message).toContain('2025-04-02');
  });

  it('shows a consent as expired the day after its last day', async () => {
    const { core, client, partner, setToday } = await setUp();
    await core.call('consents.record', {
      clientId: client.id,
      purpose: 'sharing',
      partnerId: partner.id,
      givenOn: '2025-03-10',
      method: 'signed',
      expiresOn: '2025-03-31',
    });
    setToday('2025-03-31');
    expect((await core.call('consents.list', { clientId: client.id })).items[0]?.status).toBe('active');
    setToday('2025-04-01');
    expect((await core.call('consents.list', { clientId: client.id })).items[0]?.status).toBe('expired');
  });
});

describe('sharing with a partner needs consent', () => {
  async function referral(
    core: Awaited<ReturnType<typeof setUp>>['core'],
    clientId: string,
    partnerId: string,
  ) {
    return core.call('referrals.create', { clientId, partnerId, reason: 'Jednokratna novčana pomoć' });
  }

  it('refuses the slip without a sharing consent for that partner, and prints it once one is recorded', async () => {
    const { core, client, partner } = await setUp();
    const made = await referral(core, client.id, partner.id);
    const [other] = (await core.call('partners.list', { city: 'Kraljevo', kind: 'csr' })).items;
    // Consent to share with another partner does not cover this one.
    await core.call('consents.record', {
      clientId: client.id,
      purpose: 'sharing',
      partnerId: other!.id,
      givenOn: '2025-03-10',
      method: 'signed',
    });
    const refused = await rejection(core.call('referrals.slip', { id: made.id }));
    expect(refused.code).toBe('NOT_ALLOWED');
    expect(refused.detail).toEqual({ reason: 'consent' });

    await core.call('consents.record', {
      clientId: client.id,
      purpose: 'sharing',
      partnerId: partner.id,
      givenOn: '2025-03-10',
      method: 'oral',
    });
    const slip = await core.call('referrals.slip', { id: made.id, language: 'sr-Latn' });
    expect(readPdf(slip.contentBase64).flat).toContain('(usmena saglasnost, 10.03.2025.)');
  });

  it('refuses the slip again after the consent is withdrawn, or once it expired', async () => {
    const { core, client, partner, setToday } = await setUp();
    const made = await referral(core, client.id, partner.id);
    const consent = await core.call('consents.record', {
      clientId: client.id,
      purpose: 'sharing',
      partnerId: partner.id,
      givenOn: '2025-03-10',
      method: 'signed',
      expiresOn: '2025-03-20',
    });
    await core.call('referrals.slip', { id: made.id });
    setToday('2025-03-21');
    expect((await rejection(core.call('referrals.slip', { id: made.id }))).code).toBe('NOT_ALLOWED');

    setToday('2025-03-12');
    await core.call('consents.withdraw', { id: consent.id });
    expect((await rejection(core.call('referrals.slip', { id: made.id }))).code).toBe('NOT_ALLOWED');
  });

  it('records the referral form’s consent box in the register, and its clearing as a withdrawal', async () => {
    const { core, client, partner } = await setUp();
    const made = await core.call('referrals.create', {
      clientId: client.id,
      partnerId: partner.id,
      reason: 'Pomoć',
      consent: { given: true, how: 'oral' },
    });
    const [recorded] = (await core.call('consents.list', { clientId: client.id })).items;
    expect(recorded).toMatchObject({
      purpose: 'sharing',
      partner: { id: partner.id },
      method: 'oral',
      givenOn: '2025-03-10',
      status: 'active',
    });
    await core.call('referrals.update', { id: made.id, consent: { given: false, note: 'Predomislila se' } });
    const [after] = (await core.call('consents.list', { clientId: client.id })).items;
    expect(after).toMatchObject({ id: recorded!.id, status: 'withdrawn', withdrawnNote: 'Predomislila se' });
    expect((await rejection(core.call('referrals.slip', { id: made.id }))).code).toBe('NOT_ALLOWED');
  });
});

describe('an admin’s override', () => {
  it('lets an admin print without consent, with the reason in the audit trail', async () => {
    const { core, client, partner } = await setUp({ interactive: true });
    await signInAs(core, ADMIN);
    const made = await core.call('referrals.create', {
      clientId: client.id,
      partnerId: partner.id,
      reason: 'Hitno',
    });
    const slip = await core.call('referrals.slip', {
      id: made.id,
      language: 'sr-Latn',
      override: { reason: 'Hitan smeštaj, klijent bez svesti' },
    });
    const text = readPdf(slip.contentBase64).flat;
    expect(text).toContain(made.referenceCode);
    expect(text).not.toContain('saglasnost,'); // the slip claims no consent it does not have
    const { items } = await core.call('audit.list', { action: 'print' });
    expect(items[0]).toMatchObject({
      actor: 'admin',
      method: 'referrals.slip',
      recordType: 'referrals',
      recordId: made.id,
      detail: { consentOverride: true, overrideReason: 'Hitan smeštaj, klijent bez svesti' },
    });
  });

  it('refuses a counsellor’s override', async () => {
    const { core, client, partner } = await setUp({ interactive: true });
    await signInAs(core, COUNSELLOR);
    const made = await core.call('referrals.create', {
      clientId: client.id,
      partnerId: partner.id,
      reason: 'Hitno',
    });
    const refused = await rejection(
      core.call('referrals.slip', { id: made.id, override: { reason: 'Nema vremena za potpis' } }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect((await core.call('referrals.list', { clientId: client.id })).items[0]?.slipPrintedAt).toBeNull();
  });
});

describe('the consent form', () => {
  it('is an A4 page in the client’s Cyrillic, naming the partner, with signature and date lines', async () => {
    const { core, client, partner } = await setUp();
    const form = await core.call('consents.form', {
      clientId: client.id,
      purpose: 'sharing',
      partnerId: partner.id,
    });
    expect(form.mimeType).toBe('application/pdf');
    const pdf = readPdf(form.contentBase64);
    expect(pdf.pages).toBe(1);
    expect(pdf.pageSize).toContain('595.28 x 841.89');
    expect(pdf.flat).toContain('САГЛАСНОСТ ЗА ДЕЉЕЊЕ ПОДАТАКА О ЛИЧНОСТИ СА ПАРТНЕРОМ');
    expect(pdf.flat).toContain('Име и презиме: Љубица Ђорђевић');
    expect(pdf.flat).toContain('Центар за социјални рад');
    expect(pdf.flat).toContain('Потпис клијента');
    expect(pdf.flat).toContain('Датум');
    expect(pdf.flat).not.toContain('0101900350008');
    expect(pdf.flat).not.toMatch(/[čćžšđ]/i);
  });

  it('is in Latin for a client who prefers Latin, for processing by the office', async () => {
    const { core } = await setUp();
    const client = await newClient(core, {
      surname: 'Đorđević',
      givenName: 'Ljubica',
      preferredScript: 'latn',
    });
    const pdf = readPdf(
      (await core.call('consents.form', { clientId: client.id, purpose: 'processing' })).contentBase64,
    );
    expect(pdf.flat).toContain('SAGLASNOST ZA OBRADU PODATAKA O LIČNOSTI');
    expect(pdf.flat).toContain('Ljubica Đorđević');
    expect(pdf.flat).toContain('Potpis klijenta');
  });
});
