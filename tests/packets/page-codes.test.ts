import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core';
import { asJpeg, scanned, scannerPdf } from '../documents/scan-fixtures';
import { createClient, dragana, openCore, render, setOffice } from './fixtures';
import { decodeQrCodes, pdfPageImage, pdfPages } from './pdf-tools';

/**
 * The paper round trip with real packets: every page but the payment slips carries its page code
 * in the top right corner; the printed pages, rasterised by poppler, turned and noisy as a
 * scanner gives them back, file themselves on the packet's client, document and page, tick the
 * procedure's step, and the packet tells which of its forms' pages are still out.
 */

const b64 = (bytes: Buffer) => bytes.toString('base64');

/** Each page of a PDF as a 200 dpi greyscale scan, turned a little and noisy, as JPEG. */
function scannedPages(pdf: Buffer, pages: number[], seed: number) {
  return pages.map((page, i) => {
    const image = pdfPageImage(pdf, page, 200);
    const raster = scanned(
      { width: image.width, height: image.height, data: new Uint8Array(image.data) },
      { degrees: i % 2 ? -1.2 : 1, noise: 25, seed: seed + i },
    );
    return { jpeg: asJpeg(raster), width: raster.width, height: raster.height };
  });
}

/** The QR code in the top right corner of a page rendered at 150 dpi, or null. */
function cornerCode(pdf: Buffer, page: number): string | null {
  const image = pdfPageImage(pdf, page, 150);
  const width = Math.round(image.width * 0.25);
  const height = Math.round(image.height * 0.12);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    data.set(
      image.data.subarray((y * image.width + image.width - width) * 4, (y * image.width + image.width) * 4),
      y * width * 4,
    );
  return jsQR(data, width, height)?.data ?? null;
}

async function residencePacket(core: Core, client: typeof dragana) {
  const person = await createClient(core, client);
  const procedure = await core.call('procedures.open', {
    clientId: person.id,
    kind: 'residence_registration',
  });
  const printed = await render(core, person.id, { procedure: 'residence', allowBlank: true });
  const texts = pdfPages(printed.pdf);
  const slipPages = texts.flatMap((text, i) => (text.includes('НАЛОГ ЗА УПЛАТУ') ? [i + 1] : []));
  return { person, procedure, printed, texts, slipPages };
}

describe('page codes on packets', () => {
  it('prints a code on every page but the slips, the same on a reprint, and the slip keeps only its IPS code', async () => {
    const core = openCore();
    await setOffice(core);
    const { printed, texts, slipPages } = await residencePacket(core, dragana);
    expect(slipPages.length).toBeGreaterThan(0);
    const codes = texts.map((_, i) => cornerCode(printed.pdf, i + 1));
    texts.forEach((_, i) => {
      if (slipPages.includes(i + 1)) expect(codes[i]).toBeNull();
      else expect(codes[i]).toMatch(new RegExp(`^MSC1:[A-Z2-7]{4}:[A-Z2-7]{26}:\\d:${i + 1}:[A-Z2-7]{16}$`));
    });
    // A slip page shows one QR code, the payment's, which a banking app reads as before.
    for (const page of slipPages) {
      const found = decodeQrCodes(pdfPageImage(printed.pdf, page));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^K:PR\|V:01\|C:1\|R:/);
    }
    // Deterministic codes: the reprint is the same bytes, codes included.
    const again = await core.call('packets.reprint', { packetId: printed.packet.id });
    expect(again.identical).toBe(true);
    expect(Buffer.from(again.pdfBase64, 'base64').equals(printed.pdf)).toBe(true);
  }, 120_000);

  it('files scanned pages of a real packet on its client, document and page, ticks the step, and tells what is missing', async () => {
    const core = openCore();
    await setOffice(core);
    const a = await residencePacket(core, dragana);
    // Another client at another flat, with an owner to sign for her too.
    const b = await residencePacket(core, { ...dragana, surname: 'Marković', givenName: 'Ana', jmbg: null });
    const documents = a.printed.packet.documents;
    const pageCount = a.printed.packet.pageCount;
    const formPages = a.texts.flatMap((text, i) =>
      !a.slipPages.includes(i + 1) && i > 0 && i < pageCount - 1 ? [i + 1] : [],
    );

    const before = await core.call('scans.status', { packetId: a.printed.packet.id });
    expect(before.missing).toEqual(formPages);
    expect(before.documents?.map((d) => d.title)).toEqual(documents.map((d) => d.title));

    // The signed application page of A comes back first, with B's owner statement in the same stack.
    const ofB = await core.call('scans.status', { packetId: b.printed.packet.id });
    const consentIndex = b.printed.packet.documents.findIndex((d) => d.id === 'owner-consent');
    const consentOfB = ofB.documents![consentIndex]!.pages[0]!;
    const first = scannerPdf([
      ...scannedPages(a.printed.pdf, [formPages[0]!], 10),
      ...scannedPages(b.printed.pdf, [consentOfB], 20),
    ]);
    const { pages } = await core.call('scans.import', {
      fileName: 'skener-1.pdf',
      contentBase64: b64(first),
    });
    expect(pages.map((p) => [p.status, p.clientId, p.packetId, p.packetPage])).toEqual([
      ['matched', a.person.id, a.printed.packet.id, formPages[0]],
      ['matched', b.person.id, b.printed.packet.id, consentOfB],
    ]);
    expect(pages[0]!.documentTitle).toBe(documents[0]!.title);
    const afterFirst = await core.call('scans.status', { packetId: a.printed.packet.id });
    expect(afterFirst.returned.map((r) => r.page)).toEqual([formPages[0]]);
    expect(afterFirst.missing).toEqual(formPages.slice(1));
    // B's owner statement ticked B's step, not A's.
    const stepOf = async (id: string) =>
      (await core.call('procedures.get', { id })).steps.find((s) => s.key === 'owner_consent')?.done;
    expect(await stepOf(b.procedure.id)).toBe(true);
    expect(await stepOf(a.procedure.id)).toBe(false);

    // Then the whole packet of A, as the client brought it back: every page with a code files
    // itself on A's packet page; the slip page (only its IPS code) waits in the inbox.
    const all = Array.from({ length: pageCount }, (_, i) => i + 1);
    const whole = scannerPdf(scannedPages(a.printed.pdf, all, 30));
    const back = await core.call('scans.import', { fileName: 'skener-2.pdf', contentBase64: b64(whole) });
    expect(back.pages.map((p) => [p.status, p.clientId, p.packetPage, p.reason])).toEqual(
      all.map((page) =>
        a.slipPages.includes(page)
          ? ['unmatched', null, null, 'foreign_code']
          : [page === formPages[0] ? 'duplicate' : 'matched', a.person.id, page, null],
      ),
    );
    expect(await stepOf(a.procedure.id)).toBe(true);
    const complete = await core.call('scans.status', { packetId: a.printed.packet.id });
    expect(complete.missing).toEqual([]);
    expect(complete.documents?.every((d) => d.missing.length === 0)).toBe(true);
    const listed = (await core.call('documents.list', { clientId: a.person.id })).items;
    expect(listed.filter((d) => d.packetId === a.printed.packet.id)).toHaveLength(
      pageCount - a.slipPages.length,
    );
  }, 300_000);
});
