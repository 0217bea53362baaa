import { crc32 } from 'node:zlib';
import type { Stripped } from './jpeg';

/**
 * A PNG's metadata taken out without touching the picture: a PNG is a run of chunks, and text
 * (tEXt, zTXt, iTXt — software, author, often a phone's location), EXIF (eXIf) and the time
 * stamp (tIME) are chunks of their own. Only chunks needed to show the picture are kept.
 */

export interface PngFacts {
  width: number;
  height: number;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Chunks that decide how the pixels look. */
const KEPT = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'pHYs',
]);
const NAMED: Record<string, string> = {
  tEXt: 'text',
  zTXt: 'text',
  iTXt: 'text',
  eXIf: 'exif',
  tIME: 'time',
};

export class NotAPng extends Error {}

export function stripPng(input: Buffer): Stripped<PngFacts> {
  if (input.length < 8 || !input.subarray(0, 8).equals(PNG_SIGNATURE)) throw new NotAPng('no PNG signature');
  const kept: Buffer[] = [PNG_SIGNATURE];
  const removed = new Set<string>();
  let width = 0;
  let height = 0;
  let sawData = false;
  let at = 8;
  for (;;) {
    if (at + 12 > input.length) throw new NotAPng('cut off before its end chunk');
    const length = input.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > input.length) throw new NotAPng('a chunk runs past the end');
    const type = input.toString('latin1', at + 4, at + 8);
    const crc = input.readUInt32BE(end - 4);
    if (crc32(input.subarray(at + 4, end - 4)) !== crc) throw new NotAPng(`damaged ${type} chunk`);
    if (at === 8) {
      if (type !== 'IHDR' || length !== 13) throw new NotAPng('no header chunk');
      width = input.readUInt32BE(at + 8);
      height = input.readUInt32BE(at + 12);
    }
    if (type === 'IDAT') sawData = true;
    const critical = type.charCodeAt(0) < 0x61; // upper-case first letter
    if (KEPT.has(type)) kept.push(input.subarray(at, end));
    else if (critical) throw new NotAPng(`unknown critical chunk ${type}`);
    else removed.add(NAMED[type] ?? 'other');
    at = end;
    if (type === 'IEND') break;
  }
  if (!sawData || width === 0 || height === 0) throw new NotAPng('no picture data');
  return { bytes: Buffer.concat(kept), facts: { width, height }, removed: [...removed] };
}
