import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { sampleClient, useTempCore } from '../core/helpers';
import { realPdf } from './fixtures';
import { asJpeg, printedPage, rasterise, scannerPdf } from './scan-fixtures';

/**
 * A PDF in the documents card shows its first page small, made the way scan-in reads a scanner's
 * PDF (its page pictures); a PDF a program drew (no page pictures) shows none, and says so by
 * `hasThumbnail: false`.
 */

const b64 = (bytes: Buffer) => bytes.toString('base64');

describe('PDF thumbnails', () => {
  const newCore = useTempCore();

  it("shows a scanner PDF's first page small, and none for a PDF without page pictures", async () => {
    const core = newCore({ automaticBackups: false });
    const client = await core.call('clients.create', { client: sampleClient() });
    // Two scanned pages: the first a printed form, the second all black, so the thumbnail tells them apart.
    const form = rasterise(await printedPage('not a page code', 'Rešenje CSR'), 100);
    const black = {
      ...form,
      data: new Uint8Array(form.data.length).fill(0).map((v, i) => (i % 4 === 3 ? 255 : v)),
    };
    const scan = scannerPdf(
      [form, black].map((page) => ({ jpeg: asJpeg(page), width: page.width, height: page.height })),
    );
    const scanned = await core.call('documents.attach', {
      clientId: client.id,
      kind: 'other',
      fileName: 'resenje.pdf',
      contentBase64: b64(scan),
    });
    expect(scanned).toMatchObject({ mime: 'application/pdf', pages: 2, hasThumbnail: true });
    const drawn = await core.call('documents.attach', {
      clientId: client.id,
      kind: 'other',
      fileName: 'izvod.pdf',
      contentBase64: b64(await realPdf()),
    });
    expect(drawn).toMatchObject({ mime: 'application/pdf', hasThumbnail: false });

    const { thumbnails } = await core.call('documents.list', { clientId: client.id, withThumbnails: true });
    expect(Object.keys(thumbnails ?? {})).toEqual([scanned.id]);
    const picture = jpeg.decode(Buffer.from(thumbnails![scanned.id]!, 'base64'));
    // Small, upright A4 proportions, and the first page's (mostly white), not the black second one.
    expect(Math.max(picture.width, picture.height)).toBeLessThanOrEqual(400);
    expect(picture.height / picture.width).toBeCloseTo(842 / 595, 1);
    let sum = 0;
    for (let i = 0; i < picture.data.length; i += 4) sum += picture.data[i]!;
    expect(sum / (picture.data.length / 4)).toBeGreaterThan(200);
  });
});
