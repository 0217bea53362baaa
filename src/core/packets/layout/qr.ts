import { createRequire } from 'node:module';
import type { Content } from 'pdfmake/interfaces';

/**
 * An NBS IPS QR code as vector graphics. The matrix comes from pdfmake's own QR encoder (byte
 * mode, the payload as UTF-8, error correction M); it is drawn as merged runs of modules
 * instead of pdfmake's one rectangle per module, which took 25 ms a code to render. (pdfmake's
 * `path` vectors would be one shape, but they are not moved with their canvas.)
 */
const require = createRequire(import.meta.url);
const qrEncoder = (require('pdfmake/js/qrEnc') as { default: { measure(node: object): QrMeasured } }).default;

interface QrMeasured {
  _width: number;
  _canvas: { x: number; y: number; w: number }[];
}

/** Points added to each dark rectangle (a twentieth of a 2 pt module). */
const SEAM = 0.1;

/** The quiet zone the QR standard asks for, in modules. */
const QUIET_ZONE = 4;

/** Dark modules as [row][column] booleans, from the encoder's own drawing at 1 unit per module. */
export function qrMatrix(payload: string, mode: 'octet' | 'alphanumeric' = 'octet'): boolean[][] {
  const measured = qrEncoder.measure({ qr: payload, eccLevel: 'M', mode, fit: 0 });
  // Without `fit` the encoder draws 5 units per module; the first shape is the background.
  const unit = 5;
  const size = measured._width / unit;
  const matrix = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const module of measured._canvas.slice(1)) matrix[module.y / unit]![module.x / unit] = true;
  return matrix;
}

/** The code at `moduleSize` points per module, with its quiet zone, as a pdfmake canvas. */
export function qrContent(payload: string, moduleSize: number): Content {
  return qrCanvas(qrMatrix(payload), moduleSize, QUIET_ZONE);
}

/**
 * Points per module of a page code: a version-3 symbol (29 modules) is 46 pt (16 mm) across,
 * three or more pixels a module in a 150 dpi scan and two at the 100 dpi scan-in looks at first.
 */
export const PAGE_CODE_MODULE = 2;
/**
 * Where a page code sits, in points from the top and right edges of the page, quiet zone included:
 * its modules 12–70 pt from the top and 16 pt from the right, clear of the 4 mm most printers
 * cannot print on (packets and casework forms alike).
 */
export const PAGE_CODE_PLACE = { top: 8, right: 12 } as const;

/** The page code's quiet zone, in modules: the page margin around it is white anyway. */
const PAGE_CODE_QUIET = 2;

/**
 * A page code (documents/page-code.ts) as vector graphics, in QR alphanumeric mode, with its side
 * in points, quiet zone included.
 */
export function pageCodeContent(code: string): { drawing: Content; side: number } {
  const matrix = qrMatrix(code, 'alphanumeric');
  const side = (matrix.length + 2 * PAGE_CODE_QUIET) * PAGE_CODE_MODULE;
  return { drawing: qrCanvas(matrix, PAGE_CODE_MODULE, PAGE_CODE_QUIET), side };
}

function qrCanvas(matrix: boolean[][], moduleSize: number, quiet: number): Content {
  const side = (matrix.length + 2 * quiet) * moduleSize;
  const vectors: object[] = [{ type: 'rect', x: 0, y: 0, w: side, h: side, color: '#ffffff', lineWidth: 0 }];
  for (const run of moduleRuns(matrix))
    vectors.push({
      type: 'rect',
      x: (run.x + quiet) * moduleSize,
      y: (run.y + quiet) * moduleSize,
      // A hair wider and taller, so anti-aliased viewers and scans show no seams between runs.
      w: run.width * moduleSize + SEAM,
      h: run.height * moduleSize + SEAM,
      color: '#000000',
      lineWidth: 0,
    });
  return { canvas: vectors, width: side } as Content;
}

interface Run {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Dark modules as few rectangles: runs along each row, and a run identical to the one right
 * above it extends that one downwards.
 */
export function moduleRuns(matrix: boolean[][]): Run[] {
  const runs: Run[] = [];
  let open = new Map<string, Run>();
  matrix.forEach((row, y) => {
    const next = new Map<string, Run>();
    for (let x = 0; x < row.length;) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      let end = x;
      while (row[end]) end += 1;
      const key = `${x}:${end}`;
      const above = open.get(key);
      if (above) {
        above.height += 1;
        next.set(key, above);
      } else {
        const run = { x, y, width: end - x, height: 1 };
        runs.push(run);
        next.set(key, run);
      }
      x = end;
    }
    open = next;
  });
  return runs;
}
