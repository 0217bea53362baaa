import { describe, expect, it } from 'vitest';
import { parseIpsQr } from '../../src/shared/payment';
import { createClient, dragana, openCore, render, setOffice } from './fixtures';
import { decodeQrCodes, pdfPageImage, pdfPages } from './pdf-tools';

/** Issue 12: packets as today's procedures are (OFFICIAL-FACTS.md), read back from the PDF. */

const flat = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ');
const allCodes = (pdf: Buffer, pages: string[]) =>
  pages.flatMap((text, i) =>
    text.includes('НАЛОГ ЗА УПЛАТУ') ? decodeQrCodes(pdfPageImage(pdf, i + 1)) : [],
  );

describe('ID card packet', () => {
  it('leaves the registry requests out by default: the police obtain extract and certificate themselves', async () => {
    const core = openCore();
    await setOffice(core);
    const client = await createClient(core, dragana);
    const { pdf, packet } = await render(core, client.id, { procedure: 'id-card' });
    expect(packet.documents).toEqual([]);
    expect(packet.fees.map((fee) => fee.key)).toEqual(['id-card-form', 'id-card-production']);
    const pages = pdfPages(pdf);
    const cover = flat(pages[0]);
    expect(cover).toContain(
      'policija ih pribavlja sama, uz vašu saglasnost. Ponesite ih samo ako ih već imate.',
    );
    // The six-month limit applies only to a certificate the client brings.
    expect(cover).not.toContain('6 meseci');
    expect(pages.join('\n')).not.toContain('ЗАХТЕВ');
    expect(allCodes(pdf, pages)).toHaveLength(2);
  });

  it('adds both requests and their slips with the registry office code when ticked', async () => {
    const core = openCore();
    await setOffice(core, {
      places: [
        {
          municipality: 'Voždovac',
          policeStation: 'ПС Вождовац',
          registryOffice: 'Матична служба Вождовац',
          registryMunicipality: 'Stari grad',
        },
      ],
    });
    const client = await createClient(core, dragana);
    const { pdf, packet } = await render(core, client.id, { procedure: 'id-card', registryRequests: true });
    expect(packet.documents.map((d) => d.id)).toEqual([
      'registry-request-birth-extract',
      'registry-request-citizenship',
    ]);
    const pages = pdfPages(pdf);
    const text = flat(pages.join('\n'));
    expect(text).toContain('Matična služba Voždovac'); // pre-filled on the Latin cover
    expect(text).toContain('ради издавања личне карте');
    const codes = allCodes(pdf, pages).map(parseIpsQr);
    // Police fees with the residence's code (Voždovac 019), registry fees with the registry office's (Stari grad 018).
    expect(codes.map((c) => c.RO)).toEqual(['00100041150', '9741019', '9744018', '9744018']);
  });
});

describe('an office whose police station wants eUprava slips', () => {
  it('prints a short instruction with the amounts instead of MUP slips', async () => {
    const core = openCore();
    await setOffice(core, { mupFees: 'euprava' });
    const client = await createClient(core, dragana);
    const residence = await render(core, client.id, { procedure: 'residence' });
    let pages = pdfPages(residence.pdf);
    let text = flat(pages.join('\n'));
    expect(text).not.toContain('НАЛОГ ЗА УПЛАТУ');
    expect(text).toContain('Таксе за полицију плаћате преко портала еУправа');
    expect(text).toContain('euprava.gov.rs');
    expect(text).toContain('380,00 RSD');
    expect(text).toContain('uplatnicu napravite na portalu eUprava'); // the client's checklist, in Latin

    // ID card: both MUP fees through eUprava; the registry fees are not MUP's and keep their slips.
    const idCard = await render(core, client.id, { procedure: 'id-card', registryRequests: true });
    pages = pdfPages(idCard.pdf);
    text = flat(pages.join('\n'));
    expect(text).toContain('928,80 RSD');
    expect(text).toContain('226,00 RSD');
    expect(allCodes(idCard.pdf, pages).map((code) => parseIpsQr(code).I)).toEqual(['RSD520,00', 'RSD820,00']);
  });
});

describe('exemptions with a legal basis', () => {
  it('states the health-protection purpose on the extract request and prints no slip for it', async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    const { pdf, packet } = await render(core, client.id, {
      procedure: 'health',
      basis: 'unemployed',
      rfzoBranch: 'Beograd, Palmotićeva 37',
      registryRequests: true,
    });
    expect(packet.documents.map((d) => d.id)).toContain('registry-request-birth-extract');
    expect(packet.fees).toMatchObject([{ key: 'birth-extract', waived: true }]);
    expect(packet.fees[0]!.legalBasis).toContain('здравствене заштите');
    const pages = pdfPages(pdf);
    const request = flat(pages.find((text) => text.includes('ЗАХТЕВ')));
    expect(request).toContain('ради остваривања права из области здравствене заштите');
    expect(pages.join('\n')).not.toContain('НАЛОГ ЗА УПЛАТУ');
    expect(allCodes(pdf, pages)).toEqual([]);
  });

  it("exempts a newborn's residence registration (Tar. br. 1, note 9)", async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    const { pdf, packet } = await render(core, client.id, { procedure: 'residence', newborn: true });
    expect(packet.fees).toMatchObject([{ key: 'residence-registration', waived: true }]);
    const text = flat(pdfPages(pdf).join('\n'));
    expect(text).toContain('напомена 9');
    expect(text).not.toContain('НАЛОГ ЗА УПЛАТУ');
  });
});

describe("the client's instruction sheet", () => {
  it('is in German for a client who reads German best, and in English when chosen for the packet', async () => {
    const core = openCore();
    const client = await createClient(core, { ...dragana, readingLanguage: 'de' });
    expect(client.readingLanguage).toBe('de');
    const german = pdfPages(
      (await render(core, client.id, { procedure: 'residence', policeStation: 'PS Voždovac' })).pdf,
    );
    const sheet = flat(german.at(-1));
    expect(sheet).toContain('ANLEITUNG FÜR SIE');
    expect(sheet).toContain('Gehen Sie persönlich zur Polizeistation (PS Voždovac)');
    expect(sheet).toContain(`Seite ${german.length}/${german.length}`);
    // Official forms stay in Serbian Cyrillic.
    expect(german[1]).toContain('ПОДАЦИ ЗА ПРИЈАВУ ПРЕБИВАЛИШТА');

    const english = pdfPages((await render(core, client.id, { procedure: 'id-card', language: 'en' })).pdf);
    const en = flat(english.at(-1));
    expect(en).toContain('INSTRUCTIONS FOR YOU');
    expect(en).toContain('You collect the ID card in person');
    expect(en).toContain(`Page ${english.length}/${english.length}`);
  });
});

describe('preflight', () => {
  it('asks to confirm the Cyrillic of a Latin name typed without diacritics', async () => {
    const core = openCore();
    const client = await createClient(core, { ...dragana, surname: 'Djordjevic', givenName: 'Sacir' });
    const { problems } = await core.call('packets.preflight', {
      clientId: client.id,
      options: { procedure: 'residence' },
    });
    expect(problems.find((p) => p.code === 'name_diacritics' && p.field === 'client.surname')).toMatchObject({
      severity: 'warning',
      fix: 'client',
      params: { value: 'Djordjevic', cyrillic: 'Ђорђевиц' },
    });
    const confirmed = await core.call('packets.preflight', {
      clientId: client.id,
      options: { procedure: 'residence', namesConfirmed: true },
    });
    expect(confirmed.problems.some((p) => p.code === 'name_diacritics')).toBe(false);
    // Typed with its diacritics, nothing to ask.
    const right = await createClient(core, { ...dragana, jmbg: '0101990715018', surname: 'Đorđević' });
    const fine = await core.call('packets.preflight', {
      clientId: right.id,
      options: { procedure: 'residence' },
    });
    expect(fine.problems.some((p) => p.code === 'name_diacritics')).toBe(false);
  });

  it("prints the production slip without a QR code, saying why, until the office enters its police administration's account", async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    const { pdf } = await render(core, client.id, { procedure: 'id-card' });
    const pages = pdfPages(pdf);
    expect(flat(pages.join('\n'))).toContain('центар још није унео рачун своје полицијске управе');
    expect(allCodes(pdf, pages)).toHaveLength(1); // the card form's, to the NBS
  });
});

describe('office settings', () => {
  it('keeps a municipality by its exact name (Beograd’s Palilula) and refuses one not in the codes', async () => {
    const core = openCore();
    const saved = await setOffice(core, {
      places: [
        { municipality: 'Palilula', policeStation: 'ПС Палилула' },
        { municipality: 'palilula (nis)', policeStation: 'ПС Палилула Ниш' },
      ],
    });
    expect(saved.places.map((p) => p.municipality)).toEqual(['Palilula', 'Palilula (Niš)']);
    await expect(setOffice(core, { places: [{ municipality: 'Atlantida' }] })).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: { 'places.0.municipality': 'Not in the municipality codes' },
    });
    await expect(setOffice(core, { policeAdministrationAccount: '840-21849-57' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    // Nothing half-saved: the first settings stand.
    expect((await core.call('packets.officeSettings', {})).places).toHaveLength(2);
  });
});
