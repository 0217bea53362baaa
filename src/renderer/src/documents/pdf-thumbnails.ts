import type { ClientDocument } from '../../../shared/contract/documents';
import { api } from '../api';
import { base64Bytes } from '../ui/download';
import { hasJpeg2000Images, within } from './files';

/**
 * Thumbnails of PDFs that have no page picture, drawn here with pdf.js (./pdf-render, loaded on
 * first use). One at a time — drawing is CPU work on a PC the counsellor is typing on — and each
 * kept for this window by the content's hash, so going back to a profile does not fetch and draw
 * the file again. A PDF that cannot be drawn is remembered as such and keeps its plain tile.
 */

/** Twice the tile's 140 CSS pixels, sharp on a 2× screen (the core's own are 320 on the long side). */
const THUMBNAIL_HEIGHT = 280;
/** A thumbnail takes 0.05–1.2 s here (first one included); one not drawn in 20 s never will be. */
const DRAW_TIMEOUT_MS = 20_000;
/** Kept in memory only (never on disk, where it would sit outside the encrypted database). */
const MAX_KEPT = 60;

const kept = new Map<string, Promise<string | null>>();
let queue: Promise<unknown> = Promise.resolve();

// Timings as performance measures (fetch, loading pdf.js, drawing or failing), for the e2e test.
async function draw(id: string): Promise<string | null> {
  let start = performance.now();
  const phase = (name: string) => {
    performance.measure(`pdf-thumbnail-${name}`, { start });
    start = performance.now();
  };
  try {
    const { contentBase64 } = await api.call('documents.get', { id });
    const bytes = base64Bytes(contentBase64);
    phase('fetch');
    if (hasJpeg2000Images(bytes)) throw new Error('JPEG 2000 images are not drawn here');
    const { renderFirstPage } = await import('./pdf-render');
    phase('load');
    const url = await within(DRAW_TIMEOUT_MS, renderFirstPage(bytes, THUMBNAIL_HEIGHT));
    phase('draw');
    return url;
  } catch {
    phase('failed');
    return null; // damaged, unreadable, or gone meanwhile: the tile stays "PDF · N pages"
  }
}

/** The first page of the document as an image URL, or null when it cannot be drawn. */
export function pdfThumbnail(document: ClientDocument): Promise<string | null> {
  const key = document.sha256;
  const known = kept.get(key);
  if (known) return known;
  const made = queue.then(() => draw(document.id));
  queue = made;
  kept.set(key, made);
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
  return made;
}
