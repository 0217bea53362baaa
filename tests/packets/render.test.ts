import { describe, expect, it } from 'vitest';
import { formatModel97Reference } from '../../src/shared/payment';
import { createClient, djordje, dragana, NOW, openCore, render, setOffice } from './fixtures';
import { decodeQrCodes, pdfInfo, pdfPageImage, pdfPages } from './pdf-tools';

/** Running text with its line breaks and layout spaces made single spaces. */
const flat = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ');

/** The page whose text contains `marker` (1-based), so a test reads the document it means. */
function pageWith(pages: string[], marker: string): number {
  const index = pages.findIndex((text) => text.includes(marker));
  expect(index, `no page contains ${marker}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

const VOZDOVAC_RESIDENCE_QR =
  'K:PR|V:01|C:1|R:840000074222184357|N:Републичка административна такса|I:RSD380,00|' +
  'P:Драгана Јовановић\nУстаничка 12\nБеоград|SF:253|S:Такса за пријаву пребивалишта|RO:9741019';

describe('residence registration packet', () => {
  it('fills the Cyrillic form from a record typed in Latin and gives the client Latin pages', async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    const { pdf, packet } = await render(core, client.id, {
      procedure: 'residence',
      residenceVariant: 'dwelling',
      owner: { fullName: 'Petar Petrović' },
      policeStation: 'PS Voždovac',
      settledOn: '2025-03-10',
    });
    const pages = pdfPages(pdf);
    expect(pages).toHaveLength(packet.pageCount);

    // Honestly a data sheet for the counter: the official form is handed out there, not published.
    const form = pages[pageWith(pages, 'ПОДАЦИ ЗА ПРИЈАВУ ПРЕБИВАЛИШТА') - 1]!;
    expect(form).toContain('Лист са подацима за шалтер');
    expect(flat(form)).toContain('уселила ради сталног живљења'); // Dragana: the feminine form
    expect(form).not.toContain('уселио');
    for (const value of [
      '0101990715000',
      'Јовановић',
      'Драгана',
      'Милан',
      'женски',
      '01.01.1990.',
      'Ниш',
      'Србија',
      'Београд',
      'Вождовац',
      'Устаничка',
      'Петар Петровић',
      'ПС Вождовац',
    ])
      expect(form).toContain(value);
    expect(form).toContain('009876543'); // the ID card the desk holds
    expect(form).not.toMatch(/Jovanović|Ustanička|Beograd/);

    const consent = pages[pageWith(pages, 'ИЗЈАВА ВЛАСНИКА СТАНА') - 1]!;
    expect(consent).toContain('Драгана Јовановић');
    expect(consent).toContain('Петар Петровић');

    const cover = pages[0]!;
    expect(cover).toContain('PAKET DOKUMENATA');
    expect(cover).toContain('Dragana Jovanović');
    expect(cover).toContain('Ustanička 12/4, Beograd (Voždovac)');
    expect(cover).toContain('Rok: 18.03.2025.'); // settled 10 March + 8 days
    expect(cover).toContain('380,00 RSD');
    expect(cover).toMatch(/već u evidenciji centra: br\. 009876543/);

    const instructions = pages.at(-1)!;
    expect(instructions).toContain('UPUTSTVO ZA VAS');
    expect(instructions).toContain('PS Voždovac');
    expect(instructions).toMatch(/Jovanović/);
  });

  it('prints a payment slip whose QR code decodes to the exact NBS payload', async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    const { pdf } = await render(core, client.id, { procedure: 'residence' });
    const pages = pdfPages(pdf);
    const slipPage = pageWith(pages, 'НАЛОГ ЗА УПЛАТУ');
    const slip = pages[slipPage - 1]!;
    for (const value of [
      'Драгана Јовановић',
      'Устаничка 12',
      '153',
      '= 380,00',
      '840-742221843-57',
      '97',
      '41-019',
      'Републичка административна такса',
    ])
      expect(slip).toContain(value);
    expect(decodeQrCodes(pdfPageImage(pdf, slipPage))).toEqual([VOZDOVAC_RESIDENCE_QR]);
  });

  it('registers a person without a dwelling at the Centre for Social Work, in Cyrillic for a client who reads it', async () => {
    const core = openCore();
    const client = await createClient(core, djordje);
    const { pdf, packet } = await render(core, client.id, {
      procedure: 'residence',
      csrName: 'ЦСР Нови Сад, Змај Огњена Вука 16',
    });
    expect(packet.options.residenceVariant).toBe('csr'); // from the record's residence status
    expect(packet.documents.map((d) => d.id)).toEqual(['residence-application', 'csr-consent-request']);
    const pages = pdfPages(pdf);
    expect(pages.join('\n')).not.toContain('ИЗЈАВА ВЛАСНИКА СТАНА');
    const request = pages[pageWith(pages, 'ЦЕНТРУ ЗА СОЦИЈАЛНИ РАД') - 1]!;
    expect(flat(pdfPages(pdf, 'raw')[pageWith(pages, 'ЦЕНТРУ ЗА СОЦИЈАЛНИ РАД') - 1])).toContain(
      'ЦСР Нови Сад, Змај Огњена Вука 16',
    );
    expect(request).toContain('Ђорђе Ђорђевић');
    expect(request).toContain('САГЛАСНОСТ (попуњава центар за социјални рад)');
    expect(pages[0]).toContain('ПАКЕТ ДОКУМЕНАТА'); // the cover in the client's script
    expect(pages[0]).toContain('пријава на адреси центра за социјални рад');

    const slipPage = pageWith(pages, 'НАЛОГ ЗА УПЛАТУ');
    const reference = formatModel97Reference('223'); // Novi Sad
    expect(reference).toBe('11-223');
    expect(pages[slipPage - 1]).toContain(reference);
    expect(decodeQrCodes(pdfPageImage(pdf, slipPage))).toEqual([
      'K:PR|V:01|C:1|R:840000074222184357|N:Републичка административна такса|I:RSD380,00|' +
        'P:Ђорђе Ђорђевић\nФутошка 9\nНови Сад|SF:253|S:Такса за пријаву пребивалишта|RO:9711223',
    ]);
  });

  it('prints the waiver and its legal basis instead of a slip for a waived fee', async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    const { pdf, packet } = await render(core, client.id, {
      procedure: 'residence',
      waivers: [
        { fee: 'residence-registration', legalBasis: 'čl. 19 Zakona o republičkim administrativnim taksama' },
      ],
    });
    expect(packet.fees).toEqual([expect.objectContaining({ key: 'residence-registration', waived: true })]);
    const pages = pdfPages(pdf);
    const slip = pages[pageWith(pages, 'ОСЛОБОЂЕНО ПЛАЋАЊА') - 1]!;
    expect(slip).toContain('čl. 19 Zakona o republičkim administrativnim taksama');
    expect(slip).not.toContain('840-742221843-57');
    expect(decodeQrCodes(pdfPageImage(pdf, pageWith(pages, 'ОСЛОБОЂЕНО ПЛАЋАЊА')))).toEqual([]);
    expect(pages[0]).toContain('OSLOBOĐENO PLAĆANJA');
  });

  it("names the document, its version, page x/y and the short packet number on every page, in the page's script", async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    const { pdf, packet } = await render(core, client.id, { procedure: 'residence' });
    const pages = pdfPages(pdf);
    const short = packet.id.replaceAll('-', '').slice(-8).toUpperCase();
    const number = `${short.slice(0, 4)}-${short.slice(4)}`;
    pages.forEach((text, i) => {
      // The cover and the instructions are in the client's Latin, the forms and slips in Cyrillic.
      const latin = i === 0 || i === pages.length - 1;
      expect(text).toContain(latin ? `Strana ${i + 1}/${pages.length}` : `Страна ${i + 1}/${pages.length}`);
      expect(text).toContain(latin ? `Paket br. ${number}` : `Пакет бр. ${number}`);
      expect(text).toMatch(latin ? /verzija \d/ : /верзија \d/);
      // No internal ids or English on a page a client or clerk sees.
      expect(text).not.toContain(packet.id);
      expect(text).not.toMatch(/residence|template|šablon|шаблон|QР/);
    });
    expect(pages[0]).toContain('Paket dokumenata · verzija 2');
    expect(pages[1]).toContain('Подаци за пријаву пребивалишта — лист за шалтер · верзија 2');
  });
});

describe('ID card packet', () => {
  it('has both registry requests when ticked, the checklist with what the desk holds, and four payable slips', async () => {
    const core = openCore();
    await setOffice(core);
    const client = await createClient(core, dragana);
    const { pdf, packet } = await render(core, client.id, {
      procedure: 'id-card',
      registryRequests: true,
      registryOffice: 'Gradska uprava Niš',
      policeStation: 'PS Voždovac',
    });
    expect(packet.documents.map((d) => d.id)).toEqual([
      'registry-request-birth-extract',
      'registry-request-citizenship',
    ]);
    const pages = pdfPages(pdf);
    const birth = pages[pageWith(pages, 'извода из матичне књиге рођених') - 1]!;
    for (const value of [
      'Јовановић',
      'Драгана',
      'Милан',
      '0101990715000',
      '01.01.1990.',
      'Ниш',
      'Градска управа Ниш',
    ])
      expect(birth).toContain(value);
    expect(pages[pageWith(pages, 'уверења о држављанству Републике Србије') - 1]).toContain(
      'Република Србија',
    );

    const cover = pages[0]!;
    expect(cover).toMatch(/Prethodna lična karta[\s\S]*već u evidenciji centra: br\. 009876543/);
    expect(cover).toMatch(/Uverenje o državljanstvu[\s\S]*izdat 01\.12\.2024\./);
    expect(cover).toContain('928,80 RSD');
    expect(cover).toContain('226,00 RSD');
    expect(flat(cover)).toContain('Uverenje o državljanstvu, ne starije od 6 meseci');

    // OFFICIAL-FACTS.md: the card form to the NBS with the fixed reference 100041150 and no model;
    // the production cost to the police administration's account the office entered.
    const slipPage = pageWith(pages, 'НАЛОГ ЗА УПЛАТУ');
    expect(pages[slipPage - 1]).toContain('980-333-07');
    expect(pages[slipPage - 1]).toContain('100041150');
    expect(pages[slipPage - 1]).toContain('840-21849-56');
    expect(pages.join('\n')).not.toContain('840-742328843-30');
    expect(decodeQrCodes(pdfPageImage(pdf, slipPage))).toEqual([
      'K:PR|V:01|C:1|R:980000000000033307|N:НБС – Завод за израду новчаница и кованог новца|I:RSD928,80|' +
        'P:Драгана Јовановић\nУстаничка 12\nБеоград|SF:253|S:Образац личне карте|RO:00100041150',
      'K:PR|V:01|C:1|R:840000000002184956|N:Министарство унутрашњих послова|I:RSD226,00|' +
        'P:Драгана Јовановић\nУстаничка 12\nБеоград|SF:253|S:Трошкови израде личне карте|RO:9741019',
    ]);
    // The registry fees on their own slips, with the registry office's municipality code.
    expect(decodeQrCodes(pdfPageImage(pdf, slipPage + 1))).toEqual([
      'K:PR|V:01|C:1|R:840000074222184357|N:Републичка административна такса|I:RSD520,00|' +
        'P:Драгана Јовановић\nУстаничка 12\nБеоград|SF:253|S:Такса за извод из МКР|RO:9741019',
      'K:PR|V:01|C:1|R:840000074222184357|N:Републичка административна такса|I:RSD820,00|' +
        'P:Драгана Јовановић\nУстаничка 12\nБеоград|SF:253|S:Такса за уверење о држављанству|RO:9741019',
    ]);
  });

  it('marks a citizenship certificate older than six months on the cover', async () => {
    const core = openCore();
    const client = await createClient(core, {
      ...dragana,
      documents: [{ kind: 'citizenship_certificate', number: '1', issuedOn: '2024-06-01' }],
    });
    await setOffice(core);
    const { pdf, preflight } = await render(core, client.id, {
      procedure: 'id-card',
      registryRequests: true,
    });
    expect(preflight.problems).toContainEqual(
      expect.objectContaining({ code: 'citizenship_old', severity: 'warning' }),
    );
    expect(pdfPages(pdf)[0]).toContain('starije od 6 meseci, treba novo');
  });
});

describe('health insurance packet', () => {
  const branch = { rfzoBranch: 'Beograd, Palmotićeva 37' };

  it.each([
    [
      'unemployed',
      ['rfzo-cover-letter', 'statement-not-insured'],
      'Potvrda Nacionalne službe za zapošljavanje',
      'Лице је пријављено на евиденцију незапослених',
    ],
    [
      'roma-no-residence',
      ['rfzo-cover-letter', 'statement-not-insured', 'statement-roma-nationality'],
      'izjava o pripadnosti romskoj nacionalnosti',
      'упутством РФЗО из 2013. године',
    ],
    [
      'vulnerable',
      ['rfzo-cover-letter', 'statement-not-insured'],
      'rešenje centra za socijalni rad o pravu na novčanu socijalnu pomoć',
      'Лице припада социјално угроженој категорији',
    ],
  ] as const)(
    'for the basis %s has its own documents, evidence and letter',
    async (basis, documents, evidence, letterLine) => {
      const core = openCore();
      const client = await createClient(core, dragana);
      const { pdf, packet } = await render(core, client.id, { procedure: 'health', basis, ...branch });
      expect(packet.documents.map((d) => d.id)).toEqual(documents);
      expect(packet.fees).toEqual([]);
      const pages = pdfPages(pdf);
      expect(flat(pages[0])).toContain(evidence);
      const letter = flat(
        pdfPages(pdf, 'raw')[pageWith(pages, 'Предмет: пријава на обавезно здравствено осигурање') - 1],
      );
      expect(letter).toContain(letterLine);
      expect(letter).toContain('Филијала Београд, Палмотићева 37');
      expect(letter).toContain('Драгана Јовановић');
      expect(letter).toContain('0101990715000');
      expect(pages.join('\n')).not.toContain('НАЛОГ ЗА УПЛАТУ');
      if (basis === 'roma-no-residence')
        expect(pages[pageWith(pages, 'о припадности ромској националној мањини') - 1]).toContain('Јовановић');
    },
  );
});

describe('the packet record', () => {
  it('reprints byte for byte and logs who printed what when', async () => {
    let now = NOW;
    const core = openCore(() => now);
    await setOffice(core);
    const client = await createClient(core, dragana);
    const { pdf, packet } = await render(core, client.id, { procedure: 'id-card' });
    expect(pdfInfo(pdf)).toMatchObject({
      Title: 'Lična karta — Dragana Jovanović',
      Creator: 'MSC Desk',
      Pages: String(packet.pageCount),
    });
    expect(new Date(pdfInfo(pdf).CreationDate!).toISOString()).toBe(NOW.toISOString());

    // The record changes afterwards; the reprint still shows what was printed.
    await core.call('clients.update', { id: client.id, client: { ...dragana, surname: 'Petrović' } });
    now = new Date('2025-04-01T08:00:00Z');
    await core.call('packets.recordOutput', { packetId: packet.id, kind: 'printed' });
    const again = await core.call('packets.reprint', { packetId: packet.id });
    expect(again.identical).toBe(true);
    expect(Buffer.from(again.pdfBase64, 'base64').equals(pdf)).toBe(true);

    const { items } = await core.call('packets.list', { clientId: client.id });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: packet.id,
      procedure: 'id-card',
      createdBy: 'system', // the actor tests run as
      // The police obtain the extract and certificate themselves: no registry requests by default.
      documents: [],
      fees: [
        { key: 'id-card-form', amountPara: 92880, effectiveFrom: '2024-01-01', waived: false },
        { key: 'id-card-production', amountPara: 22600, effectiveFrom: '2024-01-01', waived: false },
      ],
    });
    expect(items[0]!.events).toEqual([
      { kind: 'generated', by: 'system', at: NOW.toISOString() },
      { kind: 'printed', by: 'system', at: '2025-04-01T08:00:00.000Z' },
      { kind: 'reprinted', by: 'system', at: '2025-04-01T08:00:00.000Z' },
    ]);
  });

  it('prints the pages for the client in the script chosen for this packet', async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    const { pdf } = await render(core, client.id, { procedure: 'residence', script: 'cyrl' });
    const pages = pdfPages(pdf);
    expect(pages[0]).toContain('Драгана Јовановић');
    expect(pages.at(-1)).toContain('УПУТСТВО ЗА ВАС');
    expect(pages[0]).toContain(`Пакет`);
  });
});
