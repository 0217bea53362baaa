import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { renderPdf } from '../../src/core/casework/pdf';
import type { Raster } from '../../src/core/documents/raster';

/**
 * Pages as a scanner gives them back: a real PDF page with the page code's QR in its top right
 * corner (drawn by pdfmake, as the packets area does), rasterised by poppler at 150–300 dpi,
 * greyscale, turned a little and with noise; as JPEG files or wrapped into a scanner's PDF.
 */

/** A printed A4 packet page: form text and the code in the corner. */
export async function printedPage(code: string, title = 'Saglasnost vlasnika stana'): Promise<Buffer> {
  return renderPdf({
    pageSize: 'A4',
    pageMargins: [50, 60, 50, 50],
    content: [
      { text: title, fontSize: 16, bold: true, margin: [0, 0, 0, 12] },
      ...Array.from({ length: 18 }, (_, i) => ({
        text: `${i + 1}. Izjavljujem pod punom materijalnom i krivičnom odgovornošću da su podaci tačni.`,
        margin: [0, 0, 0, 8] as [number, number, number, number],
      })),
      { text: 'Potpis: ______________________', margin: [0, 30, 0, 0] },
    ],
    background: () => ({ qr: code, fit: 72, eccLevel: 'M', absolutePosition: { x: 500, y: 14 } }),
  });
}

/** Rasterises the first page of a PDF with poppler, in grey, at `dpi`. */
export function rasterise(pdf: Buffer, dpi: number): Raster {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-scan-'));
  try {
    const source = path.join(dir, 'page.pdf');
    fs.writeFileSync(source, pdf);
    execFileSync('pdftoppm', [
      '-r',
      String(dpi),
      '-gray',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      source,
      path.join(dir, 'out'),
    ]);
    const png = fs.readdirSync(dir).find((name) => name.startsWith('out') && name.endsWith('.png'))!;
    const image = PNG.sync.read(fs.readFileSync(path.join(dir, png)));
    return { width: image.width, height: image.height, data: new Uint8Array(image.data) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A deterministic pseudo-random sequence, so a noisy page is the same on every run. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

/** Turned by `degrees` about the centre (white where nothing was), with grey noise of ±`noise`. */
export function scanned(page: Raster, { degrees = 1.5, noise = 40, seed = 7 } = {}): Raster {
  const { width, height } = page;
  const out = new Uint8Array(width * height * 4);
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = width / 2;
  const cy = height / 2;
  const next = random(seed);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.round(cos * (x - cx) + sin * (y - cy) + cx);
      const sy = Math.round(-sin * (x - cx) + cos * (y - cy) + cy);
      const inside = sx >= 0 && sy >= 0 && sx < width && sy < height;
      const grey = inside ? page.data[(sy * width + sx) * 4]! : 255;
      const value = Math.max(0, Math.min(255, grey + (next() - 0.5) * 2 * noise));
      const t = (y * width + x) * 4;
      out[t] = out[t + 1] = out[t + 2] = value;
      out[t + 3] = 255;
    }
  }
  return { width, height, data: out };
}

export const asJpeg = (page: Raster, quality = 80) =>
  jpeg.encode({ width: page.width, height: page.height, data: Buffer.from(page.data) }, quality).data;

/** A PDF as a scanner writes it: one JPEG picture per page, drawn over the whole page. */
export function scannerPdf(pages: { jpeg: Buffer; width: number; height: number }[]): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string) => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  const catalog = add('');
  const pagesObject = add('');
  const kids: number[] = [];
  for (const page of pages) {
    const image = add(
      Buffer.concat([
        Buffer.from(
          `<< /Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${page.jpeg.length} >>\nstream\n`,
          'latin1',
        ),
        page.jpeg,
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
    const drawing = 'q 595 0 0 842 0 0 cm /Im0 Do Q';
    const content = add(`<< /Length ${drawing.length} >>\nstream\n${drawing}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObject} 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = Buffer.from(`<< /Type /Catalog /Pages ${pagesObject} 0 R >>`);
  objects[pagesObject - 1] = Buffer.from(
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`,
  );
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(at);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    at += chunk.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
    `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${at}\n%%EOF\n`,
  ].join('');
  parts.push(Buffer.from(xref));
  return Buffer.concat(parts);
}
