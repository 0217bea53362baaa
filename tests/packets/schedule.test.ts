import { describe, expect, it } from 'vitest';
import type { FeeEntryInput } from '../../src/shared/packets';
import { createClient, dataPlace, dragana, NOW, openCore, render } from './fixtures';
import { decodeQrCodes, pdfPageImage, pdfPages } from './pdf-tools';

const residenceFee: FeeEntryInput = {
  key: 'residence-registration',
  label: 'Републичка административна такса — пријава пребивалишта',
  recipient: 'Републичка административна такса',
  purpose: 'Такса за пријаву пребивалишта',
  amount: '410,00',
  account: '840-742221843-57',
  paymentBasis: '53',
  model: '97',
  referenceKind: 'municipality',
  effectiveFrom: '2025-04-01',
  source: 'Zakon o republičkim administrativnim taksama, usklađeni dinarski iznosi od 1. aprila 2025 (test)',
};

describe('fee schedule', () => {
  it('is seeded from resources with a source note and "verify" marks, once', async () => {
    const place = dataPlace();
    openCore(undefined, place).close();
    const core = openCore(undefined, place);
    // Five dated versions of the residence fee (OFFICIAL-FACTS.md) and one of each other fee.
    expect((await core.call('fees.list', { history: true })).items).toHaveLength(9);
    const { items } = await core.call('fees.list', {});
    expect(items.map((fee) => fee.key).sort()).toEqual([
      'birth-extract',
      'citizenship-certificate',
      'id-card-form',
      'id-card-production',
      'residence-registration',
    ]);
    const residence = items.find((fee) => fee.key === 'residence-registration')!;
    expect(residence).toMatchObject({
      account: '840000074222184357',
      amountPara: 38000,
      model: '97',
      codeFrom: 'residence',
      verify: true,
      seeded: true,
      current: true,
    });
    expect(residence.source).toContain('confirm at the counter');
    // The card form goes to the NBS with a fixed reference and no model, the same everywhere.
    expect(items.find((fee) => fee.key === 'id-card-form')).toMatchObject({
      recipient: 'НБС – Завод за израду новчаница и кованог новца',
      account: '980000000000033307',
      amountPara: 92880,
      model: '',
      referenceKind: 'fixed',
      reference: '100041150',
    });
    // The production cost goes to the client's police administration: the office enters the account.
    expect(items.find((fee) => fee.key === 'id-card-production')).toMatchObject({
      account: null,
      accountSource: 'police-administration',
      amountPara: 22600,
    });
    expect(items.find((fee) => fee.key === 'birth-extract')).toMatchObject({ codeFrom: 'registry-office' });
    const codes = await core.call('municipalities.list', {});
    expect(codes.items.find((m) => m.name === 'Voždovac')).toMatchObject({
      code: '019',
      nameCyrl: 'Вождовац',
      city: 'Beograd',
    });
  });

  it('refuses an account with wrong control digits, an amount it cannot read and a purpose too long for the slip', async () => {
    const core = openCore();
    await expect(
      core.call('fees.save', { fee: { ...residenceFee, account: '840-742221843-58' } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: {
        'fee.account': 'The control digits do not match: for this bank and account they would be 57',
      },
    });
    await expect(
      core.call('fees.save', { fee: { ...residenceFee, amount: '12,345' } }),
    ).rejects.toMatchObject({
      fields: { 'fee.amount': 'Use an amount such as 380,00' },
    });
    await expect(
      core.call('fees.save', {
        fee: { ...residenceFee, purpose: 'Такса за пријаву пребивалишта и боравишта' },
      }),
    ).rejects.toMatchObject({
      fields: { 'fee.purpose': 'At most 35 characters' },
    });
    await expect(
      core.call('fees.save', { fee: { ...residenceFee, recipient: 'Taksa | RAT' } }),
    ).rejects.toMatchObject({
      fields: { 'fee.recipient': 'The character | cannot appear on a payment slip' },
    });
    expect((await core.call('fees.list', { history: true })).items).toHaveLength(9);
  });

  it('applies a new amount from its effective date, and a packet keeps the version it used', async () => {
    let now = NOW; // 14 March 2025
    const core = openCore(() => now);
    const client = await createClient(core, dragana);
    const saved = await core.call('fees.save', { fee: residenceFee });
    expect(saved).toMatchObject({
      amountPara: 41000,
      verify: false,
      seeded: false,
      current: false,
      effectiveFrom: '2025-04-01',
    });

    const before = await render(core, client.id, { procedure: 'residence' });
    expect(before.packet.fees[0]).toMatchObject({ amountPara: 38000, effectiveFrom: '2024-01-01' });
    expect(before.preflight.problems.some((p) => p.field === 'fees.residence-registration')).toBe(true); // seeded: still "verify"

    now = new Date('2025-04-02T09:00:00Z');
    const after = await render(core, client.id, { procedure: 'residence' });
    expect(after.packet.fees[0]).toMatchObject({
      entryId: saved.id,
      amountPara: 41000,
      effectiveFrom: '2025-04-01',
    });
    expect(after.preflight.problems.some((p) => p.field === 'fees.residence-registration')).toBe(false);
    const pages = pdfPages(after.pdf);
    const slipPage = pages.findIndex((text) => text.includes('НАЛОГ ЗА УПЛАТУ')) + 1;
    expect(pages[slipPage - 1]).toContain('= 410,00');
    expect(decodeQrCodes(pdfPageImage(after.pdf, slipPage))[0]).toContain('|I:RSD410,00|');

    // The earlier packet is printed again as it was, with the old amount.
    const reprint = await core.call('packets.reprint', { packetId: before.packet.id });
    expect(reprint.identical).toBe(true);
    expect(pdfPages(Buffer.from(reprint.pdfBase64, 'base64')).join('\n')).toContain('= 380,00');

    const { items } = await core.call('fees.list', { history: true });
    expect(
      items
        .filter((fee) => fee.key === 'residence-registration')
        .map((fee) => [fee.effectiveFrom, fee.current]),
    ).toEqual([
      ['2025-04-01', true],
      ['2024-01-01', false],
      ['2021-07-01', false],
      ['2020-08-01', false],
      ['2017-07-01', false],
      ['2015-06-01', false],
    ]);
  });
});

describe('municipality codes', () => {
  it('makes a packet payable once an admin enters the missing code', async () => {
    const core = openCore();
    const client = await createClient(core, {
      ...dragana,
      address: { place: 'Vranje', municipality: 'Vranjska Banja', street: 'Kralja Petra', number: '5' },
    });
    const blocked = await core.call('packets.render', {
      clientId: client.id,
      options: { procedure: 'residence' },
    });
    expect(blocked.status).toBe('blocked');

    await expect(
      core.call('municipalities.save', {
        municipality: {
          name: 'Vranjska Banja',
          nameCyrl: 'Врањска Бања',
          city: 'Vranje',
          code: '7a',
          effectiveFrom: '2025-01-01',
          source: 'x',
        },
      }),
    ).rejects.toMatchObject({
      fields: { 'municipality.code': 'Three digits, e.g. 019' },
    });
    // A made-up code for the test: Vranjska Banja is not on the Treasury list, the real one comes from the Treasury.
    await core.call('municipalities.save', {
      municipality: {
        name: 'Vranjska Banja',
        nameCyrl: 'Врањска Бања',
        city: 'Vranje',
        code: '202',
        effectiveFrom: '2025-01-01',
        source: 'test',
      },
    });
    const { pdf } = await render(core, client.id, { procedure: 'residence' });
    const pages = pdfPages(pdf);
    const slipPage = pages.findIndex((text) => text.includes('НАЛОГ ЗА УПЛАТУ')) + 1;
    expect(pages[slipPage - 1]).toContain('74-202'); // DOMAIN.md: 202 → control digits 74
    expect(decodeQrCodes(pdfPageImage(pdf, slipPage))[0]).toMatch(/\|RO:9774202$/);
  });

  it('finds the municipality typed in either script and tells apart the two Palilulas', async () => {
    const core = openCore();
    const cyrillic = await createClient(core, {
      ...dragana,
      address: { ...dragana.address, municipality: 'Вождовац' },
    });
    const palilula = await createClient(core, {
      ...dragana,
      jmbg: '0101990715018',
      address: { place: 'Niš', municipality: 'Palilula', street: 'Vizantijski bulevar', number: '1' },
    });
    const problemsOf = async (id: string) =>
      (await core.call('packets.preflight', { clientId: id, options: { procedure: 'residence' } })).problems;
    expect((await problemsOf(cyrillic.id)).some((p) => p.code.startsWith('no_municipality'))).toBe(false);
    const beograd = await createClient(core, {
      ...dragana,
      jmbg: '0101990715026',
      address: { place: 'Beograd', municipality: 'Palilula', street: 'Takovska', number: '2' },
    });
    for (const client of [palilula, beograd])
      expect((await problemsOf(client.id)).some((p) => p.code.startsWith('no_municipality'))).toBe(false);
    const codeOf = async (id: string) => {
      const { pdf } = await render(core, id, { procedure: 'residence' });
      const slipPage = pdfPages(pdf).findIndex((text) => text.includes('НАЛОГ ЗА УПЛАТУ')) + 1;
      return decodeQrCodes(pdfPageImage(pdf, slipPage))[0]?.match(/\|RO:97\d\d(\d{3})$/)?.[1];
    };
    expect(await codeOf(palilula.id)).toBe('127');
    expect(await codeOf(beograd.id)).toBe('015');
  });
});
