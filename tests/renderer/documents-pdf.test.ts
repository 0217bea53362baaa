import { describe, expect, it } from 'vitest';
import { drawsHere, hasJpeg2000Images, MAX_DRAWN_PDF_BYTES } from '../../src/renderer/src/documents/files';
import { LOCKED_DOWN } from '../../src/renderer/src/documents/pdf-options';
import { realPdf } from '../documents/fixtures';

/** Which PDF tiles the documents card draws with pdf.js, and how pdf.js is opened. */

const pdf = { mime: 'application/pdf', notOnThisPc: false, deletedAt: null, size: 40_000 } as const;

describe('PDF thumbnails drawn in the renderer', () => {
  it('draws a PDF the core has no thumbnail for, and only that', () => {
    expect(drawsHere(pdf, false)).toBe(true);
    expect(drawsHere(pdf, true)).toBe(false); // a scanner's PDF: the core shrank its page picture
    expect(drawsHere({ ...pdf, mime: 'image/png' }, false)).toBe(false);
    expect(drawsHere({ ...pdf, notOnThisPc: true }, false)).toBe(false); // no bytes here yet
    expect(drawsHere({ ...pdf, deletedAt: '2025-03-01T10:00:00Z' }, false)).toBe(false);
    expect(drawsHere({ ...pdf, size: MAX_DRAWN_PDF_BYTES }, false)).toBe(true);
    expect(drawsHere({ ...pdf, size: MAX_DRAWN_PDF_BYTES + 1 }, false)).toBe(false);
  });

  it('leaves PDFs with JPEG 2000 images to others (pdf.js has no decoder for them here)', async () => {
    expect(hasJpeg2000Images(new Uint8Array(await realPdf('Izjava')))).toBe(false);
    const scan = new TextEncoder().encode('%PDF-1.7\n5 0 obj\n<< /Subtype /Image /Filter /JPXDecode >>\n');
    expect(hasJpeg2000Images(scan)).toBe(true);
  });

  it('opens PDFs without evaluating code, XFA, wasm or fetching anything', () => {
    expect(LOCKED_DOWN).toMatchObject({
      isEvalSupported: false,
      enableXfa: false,
      useWasm: false,
      useWorkerFetch: false,
    });
    const options = LOCKED_DOWN as Record<string, unknown>;
    for (const url of ['url', 'cMapUrl', 'standardFontDataUrl', 'wasmUrl', 'iccUrl', 'docBaseUrl'])
      expect(options[url]).toBeUndefined();
  });
});
