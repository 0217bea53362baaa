import jsQR from 'jsqr';
import { downscale, type Raster } from './raster';

/**
 * Finding the page code on a scanned page. The code sits in a corner (top right on MSC Desk's
 * pages), so the corners are read first, scaled to about 100 dpi: a page code of about 2.5 cm
 * keeps three or more pixels a module there, averaging takes out scanner noise, and the search
 * costs a sixth of the page. Only when no corner gives a code are the corners read at full
 * resolution and then the whole page (scaled down), for a page scanned the wrong way round or a
 * code printed elsewhere. Returns the texts of the QR codes found, ours ("MSC1:…") first.
 */

interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A4's long side in inches: the scan's resolution follows from its size in pixels. */
const A4_LONG_INCHES = 11.69;
const TARGET_DPI = 100;
const WHOLE_PAGE_PIXELS = 1400;

/** The region, averaged over `factor`×`factor` boxes, as the RGBA jsQR reads. */
function cropScaled(
  source: Raster,
  region: Region,
  factor: number,
): { data: Uint8ClampedArray; width: number; height: number } {
  const width = Math.floor(region.width / factor);
  const height = Math.floor(region.height / factor);
  const data = new Uint8ClampedArray(width * height * 4);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        let at = ((region.y + y * factor + dy) * source.width + region.x + x * factor) * 4;
        for (let dx = 0; dx < factor; dx++, at += 4)
          sum += source.data[at]! + source.data[at + 1]! + source.data[at + 2]!;
      }
      const grey = sum / (3 * area);
      const t = (y * width + x) * 4;
      data[t] = data[t + 1] = data[t + 2] = grey;
      data[t + 3] = 255;
    }
  }
  return { data, width, height };
}

/**
 * Where packets print the code (top right, in the margin: packets/layout/packet.ts), with room
 * for a sheet fed in shifted or turned. Looked at first: at about 100 dpi the code's modules are
 * two pixels, and the less of the form's text is in view, the fewer false finder patterns jsQR
 * has to reject.
 */
function printSpot(page: { width: number }, height: number): Region {
  const width = Math.round(page.width * 0.25);
  return { x: page.width - width, y: 0, width, height: Math.round(height * 0.12) };
}

function corners(page: Raster): Region[] {
  const width = Math.round(page.width * 0.3);
  const height = Math.round(page.height * 0.22);
  const right = page.width - width;
  const bottom = page.height - height;
  return [
    printSpot(page, page.height),
    { x: right, y: 0, width, height },
    { x: 0, y: 0, width, height },
    { x: right, y: bottom, width, height },
    { x: 0, y: bottom, width, height },
  ];
}

const isOurs = (text: string) => text.startsWith('MSC1:');

/**
 * The page code from the top of a page only (`top`: its first rows, decoded alone; `width` and
 * `height`: the whole page's), looked for in the two top corners — where MSC Desk prints it — at
 * about 100 dpi, then at full resolution. Empty when no code of ours is there: the caller then
 * decodes the whole page and uses `findCodes`.
 */
export function findCodeAtTop(top: Raster, height: number): string[] {
  const found: string[] = [];
  const dpi = Math.max(top.width, height) / A4_LONG_INCHES;
  const factor = Math.max(1, Math.round(dpi / TARGET_DPI));
  const width = Math.round(top.width * 0.3);
  const regions: Region[] = [
    printSpot(top, height),
    { x: top.width - width, y: 0, width, height: Math.min(top.height, Math.round(height * 0.22)) },
    { x: 0, y: 0, width, height: Math.min(top.height, Math.round(height * 0.22)) },
  ];
  const look = (region: Region, by: number): boolean => {
    const image = cropScaled(top, region, by);
    if (image.width < 21 || image.height < 21) return false;
    const result = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
    if (result?.data && !found.includes(result.data)) found.push(result.data);
    return found.some(isOurs);
  };
  const ours =
    regions.some((region) => look(region, factor)) ||
    (factor > 1 && regions.some((region) => look(region, 1)));
  return ours ? found.sort((a, b) => Number(isOurs(b)) - Number(isOurs(a))) : [];
}

export function findCodes(page: Raster): string[] {
  const found: string[] = [];
  const look = (source: Raster, region: Region, factor: number): boolean => {
    const image = cropScaled(source, region, factor);
    if (image.width < 21 || image.height < 21) return false;
    const result = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
    if (result?.data && !found.includes(result.data)) found.push(result.data);
    return found.some(isOurs);
  };
  const dpi = Math.max(page.width, page.height) / A4_LONG_INCHES;
  const factor = Math.max(1, Math.round(dpi / TARGET_DPI));
  const done =
    corners(page).some((region) => look(page, region, factor)) ||
    (factor > 1 && corners(page).some((region) => look(page, region, 1)));
  if (!done) {
    const whole =
      Math.max(page.width, page.height) > WHOLE_PAGE_PIXELS ? downscale(page, WHOLE_PAGE_PIXELS) : page;
    look(whole, { x: 0, y: 0, width: whole.width, height: whole.height }, 1);
  }
  return found.sort((a, b) => Number(isOurs(b)) - Number(isOurs(a)));
}
