import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { crc32 } from 'node:zlib';
import { renderPdf } from '../../src/core/casework/pdf';

/**
 * Real files as offices bring them: a phone photo with EXIF (camera, orientation, a GPS
 * position), a PNG with text chunks, a PDF made by pdfmake. Markers in them let tests look for
 * the content in raw bytes.
 */

export const MARKERS = {
  camera: 'SECRETCAM-9000',
  gpsArea: 'GPSN44E20',
  pngAuthor: 'Author-Milica-Secret',
  pdfText: 'UniquePdfMarkerQwerty',
} as const;

/** A gradient picture with a pattern, so it survives JPEG and is recognisable in a thumbnail. */
export function pixels(width: number, height: number, seed = 0): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = ((x >> 4) + (y >> 4) + seed) % 2 ? 200 : 40;
      data[i + 3] = 255;
    }
  return data;
}

/** Little-endian TIFF/EXIF: IFD0 with Make, Orientation and a GPS IFD holding a latitude ref. */
function exifSegment(orientation: number): Buffer {
  const make = Buffer.from(`${MARKERS.camera}\0`, 'latin1');
  const gpsText = Buffer.from(`${MARKERS.gpsArea}\0`, 'latin1');
  const tiff = Buffer.alloc(8 + 2 + 3 * 12 + 4 + 2 + 1 * 12 + 4 + make.length + gpsText.length);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  let at = 8;
  tiff.writeUInt16LE(3, at);
  at += 2;
  const ifd0End = 8 + 2 + 3 * 12 + 4;
  const gpsIfd = ifd0End;
  const makeAt = gpsIfd + 2 + 12 + 4;
  const gpsTextAt = makeAt + make.length;
  const entry = (tag: number, type: number, count: number, value: number) => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    tiff.writeUInt32LE(value, at + 8);
    at += 12;
  };
  entry(0x010f, 2, make.length, makeAt); // Make
  entry(0x0112, 3, 1, orientation); // Orientation (SHORT in the low bytes)
  entry(0x8825, 4, 1, gpsIfd); // GPSInfo
  tiff.writeUInt32LE(0, at);
  at = gpsIfd;
  tiff.writeUInt16LE(1, at);
  at += 2;
  entry(0x001b, 7, gpsText.length, gpsTextAt); // GPSAreaInformation
  tiff.writeUInt32LE(0, at);
  make.copy(tiff, makeAt);
  gpsText.copy(tiff, gpsTextAt);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** A JPEG as a phone writes it: JFIF/EXIF header with camera, orientation and GPS, then the picture. */
export function phonePhoto({ width = 320, height = 240, orientation = 1, seed = 0 } = {}): Buffer {
  const plain = jpeg.encode({ width, height, data: pixels(width, height, seed) }, 85).data;
  // jpeg-js writes SOI + APP0 (JFIF); the EXIF block goes after them, as cameras put it.
  const app0Length = plain.readUInt16BE(4);
  const split = 4 + app0Length;
  const comment = Buffer.from([0xff, 0xfe, 0x00, 0x0c, ...Buffer.from('secretnote', 'latin1')]);
  return Buffer.concat([plain.subarray(0, split), exifSegment(orientation), comment, plain.subarray(split)]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG screenshot with a tEXt author chunk and a tIME stamp. */
export function pngWithText({ width = 200, height = 150 } = {}): Buffer {
  const png = new PNG({ width, height });
  pixels(width, height).copy(png.data);
  const plain = PNG.sync.write(png);
  const afterHeader = 8 + 25; // signature + IHDR chunk
  const text = chunk('tEXt', Buffer.from(`Author\0${MARKERS.pngAuthor}`, 'latin1'));
  const time = chunk('tIME', Buffer.from([0x07, 0xea, 12, 1, 10, 0, 0]));
  return Buffer.concat([plain.subarray(0, afterHeader), text, time, plain.subarray(afterHeader)]);
}

/**
 * A real two-page PDF with a marker in its raw bytes: the page text is drawn as glyph ids, so the
 * marker goes in the document's title and subject, which pdfkit writes as plain strings.
 */
export async function realPdf(text: string = MARKERS.pdfText): Promise<Buffer> {
  return renderPdf({
    info: { title: text, subject: text },
    content: [{ text }, { text: 'Druga strana', pageBreak: 'before' }],
    compress: false,
  });
}

/** True when `needle` occurs in `haystack` as bytes. */
export const contains = (haystack: Buffer, needle: string | Buffer) =>
  haystack.includes(typeof needle === 'string' ? Buffer.from(needle, 'latin1') : needle);
