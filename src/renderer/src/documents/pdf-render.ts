/**
 * Drawing PDF pages with pdf.js: the thumbnail of a PDF a program drew (a packet MSC Desk
 * printed, a word processor's export), which has no page picture for the core to shrink, and the
 * pages of any PDF opened full size (PdfPages). Loaded only through `import('./pdf-render')` when
 * such a tile is on screen or a PDF is opened: built, this chunk is ~600 KB and its worker
 * another 1.07 MB, together more than the rest of the renderer's script.
 *
 * Locked down (./pdf-options): pdf.js never runs the PDF's own JavaScript (that takes the
 * viewer's scripting sandbox, pdf.sandbox.mjs, which is not imported, and no annotation layer is
 * made: links and form fields are only painted), XFA forms are off, no string is evaluated as
 * code, and nothing is fetched. What that costs: a font the PDF does not embed is drawn with a
 * system font (`useSystemFonts`, pdf.js's default in a browser) — packets and word-processor PDFs
 * embed theirs; CJK text in a non-embedded font is not drawn; JPEG 2000 images cannot be decoded,
 * so PDFs holding them are not given to pdf.js at all (files.ts, hasJpeg2000Images).
 */
// The minified build: the same code as 'pdfjs-dist' at half the size (see ./pdfjs.d.ts).
import { AnnotationMode, getDocument, GlobalWorkerOptions, PDFWorker } from 'pdfjs-dist/build/pdf.min.mjs';
// The worker as a file of our own origin (CSP worker-src 'self'), built next to the other assets.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { LOCKED_DOWN } from './pdf-options';

let shared: PDFWorker | null = null;

/**
 * One worker for every PDF drawn in this window: starting one parses its 1 MB of script, so a
 * worker per document would spend that on every tile. pdf.js starts it from `workerSrc` and,
 * should the worker not start (an origin it does not take for its own, a blocked worker), falls
 * back to running the same file on this thread: slower, but the thumbnail still comes.
 */
function sharedWorker(): PDFWorker {
  if (!shared || shared.destroyed) {
    GlobalWorkerOptions.workerSrc = workerUrl;
    shared = new PDFWorker({ verbosity: LOCKED_DOWN.verbosity });
  }
  return shared;
}

/** A PDF opened for drawing; `close` ends it (and frees its memory in the worker). */
export interface OpenedPdf {
  pages: number;
  /** Page `number` (from 1) drawn `width` pixels wide or `height` high, onto a new canvas. */
  draw: (number: number, size: { width: number } | { height: number }) => Promise<HTMLCanvasElement>;
  close: () => Promise<void>;
}

/** Opens `bytes` as a PDF; rejects on a damaged or unreadable one. */
export async function openPdf(bytes: Uint8Array): Promise<OpenedPdf> {
  // pdf.js takes the buffer over (transfers it to the worker); give it a copy of its own.
  const task = getDocument({ ...LOCKED_DOWN, data: bytes.slice(), worker: sharedWorker() });
  const close = () => task.destroy();
  try {
    const pdf = await task.promise;
    return {
      pages: pdf.numPages,
      close,
      async draw(number, size) {
        const page = await pdf.getPage(number);
        const unit = page.getViewport({ scale: 1 });
        const scale = 'width' in size ? size.width / unit.width : size.height / unit.height;
        const viewport = page.getViewport({ scale });
        const canvas = document.createElement('canvas');
        canvas.width = Math.max(1, Math.round(viewport.width));
        canvas.height = Math.max(1, Math.round(viewport.height));
        await page.render({ canvas, viewport, annotationMode: AnnotationMode.ENABLE }).promise;
        page.cleanup();
        return canvas;
      },
    };
  } catch (failure) {
    await close();
    throw failure;
  }
}

/**
 * The first page of `bytes` as a JPEG data URL whose height is `height` pixels (the width follows
 * the page). Rejects on a damaged or unreadable PDF; the caller keeps its plain tile.
 */
export async function renderFirstPage(bytes: Uint8Array, height: number): Promise<string> {
  const pdf = await openPdf(bytes);
  try {
    const canvas = await pdf.draw(1, { height });
    // pdf.js skips what it cannot draw (a JPEG 2000 scan without its decoder, a font it cannot
    // load) and still succeeds; an empty white sheet says less than "PDF · N pages" does.
    if (isBlank(canvas)) throw new Error('The first page drew as a blank sheet');
    return canvas.toDataURL('image/jpeg', 0.85);
  } finally {
    await pdf.close();
  }
}

/** Whether every pixel is (near) white: ~55,000 pixels for a thumbnail, well under a millisecond. */
function isBlank(canvas: HTMLCanvasElement): boolean {
  const context = canvas.getContext('2d');
  if (!context) return false;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < data.length; i += 4)
    if ((data[i] ?? 255) < 245 || (data[i + 1] ?? 255) < 245 || (data[i + 2] ?? 255) < 245) return false;
  return true;
}
