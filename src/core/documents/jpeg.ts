/**
 * A JPEG's metadata taken out without touching the picture: the file is a run of marker
 * segments, and EXIF (camera, time, GPS position), XMP, IPTC and comments each sit in their own
 * APPn/COM segment. Dropping those segments keeps the scan pixel for pixel (no second lossy
 * encode). The one EXIF value a picture needs to show the right way up — its orientation — is
 * written back as a minimal EXIF block of its own.
 */

export interface JpegFacts {
  width: number;
  height: number;
  /** EXIF orientation 1–8 (1 = as stored). */
  orientation: number;
}

export interface Stripped<F> {
  bytes: Buffer;
  facts: F;
  /** What was taken out, e.g. ["exif", "gps", "xmp"]. */
  removed: string[];
}

const SOI = 0xd8;
const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP13 = 0xed;
const APP14 = 0xee;
const COM = 0xfe;
/** Start-of-frame markers (C0–CF less DHT C4, JPG C8, DAC CC) carry the picture's size. */
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

export class NotAJpeg extends Error {}

const startsWith = (segment: Buffer, text: string) =>
  segment.subarray(0, text.length).toString('latin1') === text;

/** Orientation and whether a GPS block is named, from an APP1 "Exif\0\0" segment's body. */
function readExif(body: Buffer): { orientation: number; gps: boolean } {
  const tiff = body.subarray(6);
  if (tiff.length < 8) return { orientation: 1, gps: false };
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  let orientation = 1;
  let gps = false;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return { orientation, gps };
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) break;
    const tag = u16(entry);
    if (tag === 0x0112) orientation = u16(entry + 8);
    if (tag === 0x8825) gps = true;
  }
  return { orientation: orientation >= 1 && orientation <= 8 ? orientation : 1, gps };
}

/** APP1 holding only the orientation tag (big-endian TIFF, one IFD entry). */
function orientationSegment(orientation: number): Buffer {
  const body = Buffer.alloc(32);
  body.write('Exif\0\0', 0, 'latin1');
  body.write('MM', 6, 'latin1');
  body.writeUInt16BE(42, 8);
  body.writeUInt32BE(8, 10); // IFD0 right after the header
  body.writeUInt16BE(1, 14); // one entry
  body.writeUInt16BE(0x0112, 16);
  body.writeUInt16BE(3, 18); // SHORT
  body.writeUInt32BE(1, 20);
  body.writeUInt16BE(orientation, 24);
  body.writeUInt32BE(0, 28); // no next IFD
  const head = Buffer.from([0xff, APP1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

export function stripJpeg(input: Buffer): Stripped<JpegFacts> {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== SOI) throw new NotAJpeg('no start marker');
  const kept: Buffer[] = [input.subarray(0, 2)];
  const removed = new Set<string>();
  let orientation = 1;
  let width = 0;
  let height = 0;
  let at = 2;
  let sawScan = false;
  while (at < input.length) {
    if (input[at] !== 0xff) throw new NotAJpeg(`expected a marker at byte ${at}`);
    let marker = input[at + 1]!;
    while (marker === 0xff && at + 2 < input.length) marker = input[++at + 1]!; // fill bytes
    if (marker === EOI) {
      kept.push(Buffer.from([0xff, EOI]));
      break;
    }
    if (at + 4 > input.length) throw new NotAJpeg('cut off inside a segment header');
    const length = input.readUInt16BE(at + 2);
    const end = at + 2 + length;
    if (length < 2 || end > input.length) throw new NotAJpeg('a segment runs past the end');
    const segment = input.subarray(at, end);
    const body = input.subarray(at + 4, end);
    if (marker === SOS) {
      // The compressed picture and any later tables and scans follow; metadata segments come
      // before the first scan, so the rest is kept as it is.
      kept.push(input.subarray(at));
      sawScan = true;
      break;
    }
    if (isStartOfFrame(marker) && body.length >= 5) {
      height = body.readUInt16BE(1);
      width = body.readUInt16BE(3);
    }
    if (marker === APP1) {
      if (startsWith(body, 'Exif\0')) {
        const exif = readExif(body);
        orientation = exif.orientation;
        removed.add('exif');
        if (exif.gps) removed.add('gps');
      } else removed.add(startsWith(body, 'http://ns.adobe.com/xap') ? 'xmp' : 'other');
    } else if (marker === APP13) removed.add('iptc');
    else if (marker === COM) removed.add('comment');
    else if (marker === APP0 || marker === APP14 || (marker === APP2 && startsWith(body, 'ICC_PROFILE'))) {
      kept.push(segment); // JFIF header, Adobe colour transform, colour profile: needed to show it right
    } else if (marker >= APP0 && marker <= 0xef) removed.add('other');
    else kept.push(segment); // tables and frame headers
    at = end;
  }
  if (!sawScan || width === 0 || height === 0) throw new NotAJpeg('no picture data');
  if (orientation !== 1) {
    const afterJfif = kept[1]?.[1] === APP0 ? 2 : 1; // JFIF wants its header right after the start
    kept.splice(afterJfif, 0, orientationSegment(orientation));
  }
  return { bytes: Buffer.concat(kept), facts: { width, height, orientation }, removed: [...removed] };
}
