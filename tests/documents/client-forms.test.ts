import { describe, expect, it } from 'vitest';
import { pdfPageImage, pdfPages } from '../packets/pdf-tools';
import { sampleClient, useTempCore } from '../core/helpers';
import { asJpeg, scanned } from './scan-fixtures';

/**
 * Forms printed for a client outside a packet carry page codes too: a signed consent form scanned
 * back files itself on that client, as does a page of the readable copy of a data export. The
 * form's text is not pushed under the code (the top margin makes room for it).
 */

const b64 = (bytes: Buffer) => bytes.toString('base64');

function scanOf(pdf: Buffer, page = 1): string {
  const image = pdfPageImage(pdf, page, 200);
  return b64(asJpeg(scanned({ width: image.width, height: image.height, data: new Uint8Array(image.data) })));
}

describe('page codes on client forms', () => {
  const newCore = useTempCore();

  it('files a signed consent form and a data export page on their client', async () => {
    const core = newCore({ automaticBackups: false });
    const client = await core.call('clients.create', { client: sampleClient({ surname: 'Ilić' }) });
    const other = await core.call('clients.create', { client: sampleClient({ surname: 'Perić' }) });

    const form = Buffer.from(
      (await core.call('consents.form', { clientId: client.id, purpose: 'processing' })).contentBase64,
      'base64',
    );
    expect(pdfPages(form)[0]).toMatch(/\S/);
    const exported = Buffer.from(
      (await core.call('clients.exportAll', { id: other.id })).pdfBase64,
      'base64',
    );

    const consent = await core.call('scans.import', {
      fileName: 'saglasnost.jpg',
      contentBase64: scanOf(form),
    });
    expect(consent.pages.map((p) => [p.status, p.clientId, p.documentTitle, p.packetId])).toEqual([
      ['matched', client.id, 'Saglasnost za obradu podataka', null],
    ]);
    const copy = await core.call('scans.import', { fileName: 'izvoz.jpg', contentBase64: scanOf(exported) });
    expect(copy.pages.map((p) => [p.status, p.clientId])).toEqual([['matched', other.id]]);
    const kept = (await core.call('documents.list', { clientId: client.id })).items;
    expect(kept.map((d) => [d.kind, d.note])).toEqual([
      ['signed_form', 'Saglasnost za obradu podataka, str. 1'],
    ]);
  }, 120_000);

  it('files a referral slip scanned back on its client and referral', async () => {
    const core = newCore({ automaticBackups: false });
    const client = await core.call('clients.create', { client: sampleClient({ surname: 'Ilić' }) });
    const partner = (await core.call('partners.list', { city: 'Niš', kind: 'csr' })).items[0]!;
    const referral = await core.call('referrals.create', {
      clientId: client.id,
      partnerId: partner.id,
      reason: 'Jednokratna novčana pomoć',
      consent: { given: true, how: 'oral' },
    });
    const slip = await core.call('referrals.slip', { id: referral.id, language: 'sr-Latn' });
    const pdf = Buffer.from(slip.contentBase64, 'base64');
    const { pages } = await core.call('scans.import', { fileName: 'uput.jpg', contentBase64: scanOf(pdf) });
    expect(pages.map((p) => [p.status, p.clientId, p.documentTitle])).toEqual([
      ['matched', client.id, 'Uput'],
    ]);
    const kept = (await core.call('documents.list', { clientId: client.id })).items;
    expect(kept.map((d) => [d.kind, d.referralId])).toEqual([['signed_form', referral.id]]);
  }, 120_000);
});
