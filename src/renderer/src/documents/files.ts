import type { ClientDocument } from '../../../shared/contract/documents';
import { AppError } from '../../../shared/errors';
import type { Problem } from '../ui/problems';
import { problemFromError } from '../ui/problems';

/** Reading a chosen file for the core, and putting the core's refusals into the UI's words. */

/** The bytes of a chosen file as base64, as the contract carries files. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1)); // data:<type>;base64,<content>
    };
    reader.readAsDataURL(file);
  });
}

/** "1.2 MB", "340 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The reasons the core gives for refusing a file (detail.reason), each with its own message. */
const REASONS = ['too_large', 'type', 'damaged', 'encrypted_pdf', 'empty', 'duplicate', 'not_base64'];

export function documentProblem(error: unknown): Problem {
  const reason = error instanceof AppError ? error.detail?.reason : undefined;
  if (typeof reason === 'string' && REASONS.includes(reason))
    return { key: `documents:refused.${reason}`, raw: (error as AppError).message };
  return problemFromError(error);
}

/**
 * Whether a PDF holds JPEG 2000 images (some scanners' "high compression" PDFs). pdf.js is run
 * here without its JPEG 2000 decoder (a 250 KB wasm needing 'wasm-unsafe-eval', or 450 KB of
 * fallback script), so such a file is not drawn by it: it would come out as white pages.
 */
export function hasJpeg2000Images(bytes: Uint8Array): boolean {
  return new TextDecoder('latin1').decode(bytes).includes('/JPXDecode');
}

/** Larger PDFs keep the plain tile: fetching 10 MB to draw 280 pixels is not worth the wait. */
export const MAX_DRAWN_PDF_BYTES = 10 * 1024 * 1024;

/**
 * Whether a document's tile is drawn here with pdf.js (DrawnPdfThumbnail): a PDF on this PC, not
 * removed, not too large, that the core has no thumbnail for (no page picture: a program drew it).
 */
export function drawsHere(
  document: Pick<ClientDocument, 'mime' | 'notOnThisPc' | 'deletedAt' | 'size'>,
  hasThumbnail: boolean,
): boolean {
  return (
    document.mime === 'application/pdf' &&
    !hasThumbnail &&
    !document.notOnThisPc &&
    document.deletedAt === null &&
    document.size <= MAX_DRAWN_PDF_BYTES
  );
}

/**
 * `promise`, or a rejection after `ms`: pdf.js waits without end for a worker that never answers,
 * and one stuck PDF must not hold the thumbnails queued behind it.
 */
export function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
