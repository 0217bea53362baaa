import { createHash } from 'node:crypto';
import path from 'node:path';
import { MAX_DOCUMENT_BYTES, type DocumentMime } from '../../shared/contract/documents';
import { AppError } from '../../shared/errors';
import { NotAJpeg, stripJpeg } from './jpeg';
import { NotAPng, PNG_SIGNATURE, stripPng } from './png';

/**
 * What a file really is, read from its bytes (never from its name), and the copy of it that is
 * kept: images without their metadata, PDFs as they came (checked to be whole and unlocked).
 */

export interface KeptContent {
  bytes: Buffer;
  mime: DocumentMime;
  sha256: string;
  width: number | null;
  height: number | null;
  pages: number | null;
  /** EXIF orientation (1–8) for JPEGs, else 1: the thumbnail is turned the same way. */
  orientation: number;
  removed: string[];
}

const EXTENSION: Record<DocumentMime, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
};

const refuse = (message: string, reason: string, extra: Record<string, unknown> = {}) =>
  new AppError('VALIDATION', message, { fields: { file: message }, detail: { reason, ...extra } });

/** Base64 as JSON carries it; `Buffer.from` would quietly skip anything else. */
export function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1)
    throw refuse('The file content did not arrive whole (not base64). Nothing was kept.', 'not_base64');
  return Buffer.from(compact, 'base64');
}

/** The type by content, or null; the names of common other types make the message helpful. */
export function sniffType(bytes: Buffer): DocumentMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  // The PDF header may follow a little junk (ISO 32000-1 §7.5.2 readers allow it; some scanners write it).
  if (bytes.subarray(0, 1024).includes('%PDF-')) return 'application/pdf';
  return null;
}

function describeOther(bytes: Buffer): string {
  const head = bytes.subarray(0, 16).toString('latin1');
  if (/^ftyp(heic|heix|mif1|hevc)/.test(head.slice(4))) return 'a HEIC photo (save it as JPEG first)';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'a TIFF image (scan as PDF or JPEG)';
  if (head.startsWith('GIF8')) return 'a GIF image';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'a WebP image (save it as JPEG first)';
  if (head.startsWith('PK\u0003\u0004')) return 'a ZIP or Office file';
  return 'not a PDF, JPEG or PNG';
}

/** Pages of a PDF, counted from its page objects; null when they are packed in object streams. */
function countPdfPages(text: string): number | null {
  const pages = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  return pages > 0 ? pages : null;
}

function checkPdf(bytes: Buffer): { pages: number | null } {
  const text = bytes.toString('latin1');
  if (!text.slice(-2048).includes('%%EOF'))
    throw refuse('This PDF is cut off (it has no end); scan or save it again.', 'damaged');
  if (/\/Encrypt\s*[\d<]/.test(text))
    throw refuse('This PDF is locked with a password; save an unlocked copy first.', 'encrypted_pdf');
  return { pages: countPdfPages(text) };
}

export function keptContent(bytes: Buffer): KeptContent {
  if (bytes.length === 0) throw refuse('The file is empty.', 'empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw refuse(
      `The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB is kept. Scan at 200–300 dpi, or in greyscale.`,
      'too_large',
      { bytes: bytes.length, limit: MAX_DOCUMENT_BYTES },
    );
  }
  const mime = sniffType(bytes);
  if (!mime) throw refuse(`This file is ${describeOther(bytes)}; only PDF, JPEG and PNG are kept.`, 'type');
  try {
    if (mime === 'application/pdf') {
      const { pages } = checkPdf(bytes);
      return {
        bytes,
        mime,
        sha256: sha256(bytes),
        width: null,
        height: null,
        pages,
        orientation: 1,
        removed: [],
      };
    }
    const jpegFile = mime === 'image/jpeg' ? stripJpeg(bytes) : null;
    const stripped = jpegFile ?? stripPng(bytes);
    return {
      bytes: stripped.bytes,
      mime,
      sha256: sha256(stripped.bytes),
      width: stripped.facts.width,
      height: stripped.facts.height,
      pages: null,
      orientation: jpegFile?.facts.orientation ?? 1,
      removed: stripped.removed,
    };
  } catch (error) {
    if (error instanceof NotAJpeg || error instanceof NotAPng) {
      throw refuse(
        `This ${mime === 'image/png' ? 'PNG' : 'JPEG'} file is damaged (${error.message}); scan or copy it again.`,
        'damaged',
      );
    }
    throw error;
  }
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The name as given, with the extension its content calls for (a PNG named .jpg is saved as .png). */
export function fileNameFor(given: string, mime: DocumentMime): string {
  const base = path.basename(given.replaceAll('\\', '/')).trim() || 'document';
  const ext = path.extname(base).toLowerCase();
  const wanted = EXTENSION[mime];
  const same = ext === wanted || (mime === 'image/jpeg' && ext === '.jpeg');
  return same ? base : `${ext ? base.slice(0, -ext.length) : base}${wanted}`;
}
