import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * Reading a packet PDF back the way a person (and a phone) would: its text through poppler's
 * pdftotext, its pages as images through pdftoppm, and every QR code on a page through jsQR.
 */

function withPdf<T>(pdf: Buffer, use: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-pdf-'));
  try {
    const file = path.join(dir, 'packet.pdf');
    fs.writeFileSync(file, pdf);
    return use(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The text of each page: laid out as on paper, or (`raw`) in the order it was drawn, which keeps
 * a column of a letterhead together instead of interleaving it with the column beside it.
 */
export function pdfPages(pdf: Buffer, mode: 'layout' | 'raw' = 'layout'): string[] {
  return withPdf(pdf, (file) =>
    execFileSync('/usr/bin/pdftotext', [`-${mode}`, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
      .split('\f')
      .slice(0, -1),
  );
}

/** Page `page` (1-based) as an image at `dpi`. */
export function pdfPageImage(pdf: Buffer, page: number, dpi = 150): PNG {
  return withPdf(pdf, (file, dir) => {
    execFileSync('/usr/bin/pdftoppm', [
      '-png',
      '-r',
      String(dpi),
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      file,
      path.join(dir, 'page'),
    ]);
    return PNG.sync.read(fs.readFileSync(path.join(dir, 'page.png')));
  });
}

/** The PDF's metadata as pdfinfo prints it (Title, CreationDate, Pages …). */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  return withPdf(pdf, (file) =>
    Object.fromEntries(
      execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes(':'))
        .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]),
    ),
  );
}

/**
 * Every QR code on the page image, top to bottom, as the UTF-8 text of its bytes. jsQR reads one
 * code per image and is thrown by a second one in view, so it looks through overlapping bands of
 * the page, each tall enough to hold a whole code.
 */
export function decodeQrCodes(image: PNG): string[] {
  const band = Math.round(image.height * 0.35);
  const step = Math.round(image.height * 0.08);
  const found = new Map<string, number>();
  for (let top = 0; top < image.height; top += step) {
    const bottom = Math.min(image.height, top + band);
    const data = new Uint8ClampedArray(image.data.subarray(top * image.width * 4, bottom * image.width * 4));
    const code = jsQR(data, image.width, bottom - top, { inversionAttempts: 'dontInvert' });
    if (code) {
      const text = Buffer.from(code.binaryData).toString('utf8');
      // jsQR now and then "finds" an empty code in text; a payment code is never empty.
      if (text !== '' && !found.has(text)) found.set(text, top + code.location.topLeftCorner.y);
    }
    if (bottom === image.height) break;
  }
  return [...found].sort((a, b) => a[1] - b[1]).map(([text]) => text);
}
