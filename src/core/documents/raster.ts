import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { DocumentMime } from '../../shared/contract/documents';

/**
 * Pixels of a kept image (pure JavaScript decoders: nothing native beyond SQLite), for the
 * profile's thumbnails and for finding the code on a scanned page. RGBA, 8 bits per channel.
 */

export interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A phone photo is 12–50 MP; beyond that decoding would take the memory of a small office PC. */
const MAX_MEGAPIXELS = 80;

export function decodeImage(bytes: Buffer, mime: Exclude<DocumentMime, 'application/pdf'>): Raster {
  if (mime === 'image/jpeg') {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_MEGAPIXELS,
      maxMemoryUsageInMB: 1024,
    });
    return { width: image.width, height: image.height, data: image.data };
  }
  const image = PNG.sync.read(bytes);
  if (image.width * image.height > MAX_MEGAPIXELS * 1e6) throw new Error('image too large');
  return { width: image.width, height: image.height, data: image.data };
}

/**
 * The top `fraction` of a baseline JPEG, decoded alone: the frame header's height is lowered (to
 * whole MCU rows) in a copy, so the decoder stops after those rows and skips the rest of the
 * scan. The page code is printed at the top of the page, so scan-in reads it from a fifth of the
 * work. Null when that would not save anything (progressive or unusual files, a short picture):
 * the caller decodes the whole picture instead.
 */
export function decodeJpegTop(
  bytes: Buffer,
  fraction: number,
): { top: Raster; width: number; height: number } | null {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan before any frame header
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xc0 || marker === 0xc1) {
      const height = bytes.readUInt16BE(at + 5);
      const components = bytes[at + 9] ?? 0;
      let maxV = 1;
      for (let i = 0; i < components; i++) maxV = Math.max(maxV, (bytes[at + 11 + i * 3] ?? 0x11) & 15);
      const rows = 8 * maxV;
      const top = Math.ceil((height * fraction) / rows) * rows;
      if (height === 0 || top >= height) return null;
      const copy = Buffer.from(bytes);
      copy.writeUInt16BE(top, at + 5);
      return { top: decodeImage(copy, 'image/jpeg'), width: bytes.readUInt16BE(at + 7), height };
    }
    if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return null; // progressive or another coding: decoded whole
    at += 2 + length;
  }
  return null;
}

/** Samples taken per output pixel along each axis: enough to average out scanner noise and dither. */
const SAMPLES = 3;

/**
 * A picture at most `longest` pixels on its longer side, each pixel the average of a 3×3 grid of
 * samples spread over the source box it stands for (not every source pixel: a 200 dpi page is
 * four million of them, and a thumbnail looks the same).
 */
export function downscale(source: Raster, longest: number): Raster {
  const scale = Math.min(1, longest / Math.max(source.width, source.height));
  if (scale === 1) return source;
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const boxX = source.width / width;
  const boxY = source.height / height;
  const data = new Uint8Array(width * height * 4);
  const sums = [0, 0, 0, 0];
  for (let ty = 0; ty < height; ty++) {
    for (let tx = 0; tx < width; tx++) {
      sums.fill(0);
      for (let j = 0; j < SAMPLES; j++) {
        const y = Math.min(source.height - 1, Math.floor((ty + (j + 0.5) / SAMPLES) * boxY));
        for (let i = 0; i < SAMPLES; i++) {
          const x = Math.min(source.width - 1, Math.floor((tx + (i + 0.5) / SAMPLES) * boxX));
          const s = (y * source.width + x) * 4;
          for (let c = 0; c < 4; c++) sums[c]! += source.data[s + c]!;
        }
      }
      const t = (ty * width + tx) * 4;
      for (let c = 0; c < 4; c++) data[t + c] = Math.round(sums[c]! / (SAMPLES * SAMPLES));
    }
  }
  return { width, height, data };
}

/** Turns pixels the way EXIF orientation 1–8 says the picture is meant to be seen. */
export function orient(source: Raster, orientation: number): Raster {
  if (orientation <= 1 || orientation > 8) return source;
  const swap = orientation >= 5;
  const width = swap ? source.height : source.width;
  const height = swap ? source.width : source.height;
  const data = new Uint8Array(source.data.length);
  const w = source.width;
  const h = source.height;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Where source pixel (x, y) lands, per the eight EXIF orientations.
      const [tx, ty] = (
        [
          [x, y],
          [w - 1 - x, y],
          [w - 1 - x, h - 1 - y],
          [x, h - 1 - y],
          [y, x],
          [h - 1 - y, x],
          [h - 1 - y, w - 1 - x],
          [y, w - 1 - x],
        ] as const
      )[orientation - 1]!;
      const s = (y * w + x) * 4;
      const t = (ty * width + tx) * 4;
      data[t] = source.data[s]!;
      data[t + 1] = source.data[s + 1]!;
      data[t + 2] = source.data[s + 2]!;
      data[t + 3] = source.data[s + 3]!;
    }
  }
  return { width, height, data };
}

/** Longest side of a profile thumbnail, in pixels (sharp at twice the card's size). */
const THUMBNAIL_PIXELS = 320;

/** A small JPEG of the picture, turned upright, on white where the picture was transparent. */
export function thumbnailOf(
  bytes: Buffer,
  mime: Exclude<DocumentMime, 'application/pdf'>,
  orientation: number,
  decoded?: Raster,
): Buffer {
  const small = orient(downscale(decoded ?? decodeImage(bytes, mime), THUMBNAIL_PIXELS), orientation);
  const rgba = Buffer.alloc(small.data.length);
  for (let i = 0; i < small.data.length; i += 4) {
    const alpha = small.data[i + 3]! / 255;
    for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(small.data[i + c]! * alpha + 255 * (1 - alpha));
    rgba[i + 3] = 255;
  }
  return jpeg.encode({ width: small.width, height: small.height, data: rgba }, 72).data;
}
