import { inflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { sniffType } from './content';
import { decodeImage, type Raster } from './raster';

/**
 * The pages of a scanned file: a JPEG or PNG is one page; a scanner's PDF holds one picture per
 * page (a JPEG stream, or raw grey/RGB pixels compressed with Flate), taken out as they are —
 * no PDF renderer is needed for what scanners and phone apps write. A PDF with no page pictures
 * (a PDF made by a program, not scanned) has no pages to read here.
 */

export interface ScannedPage {
  /** The page as a file to keep (JPEG or PNG bytes). */
  bytes: Buffer;
  mime: 'image/jpeg' | 'image/png';
  raster: () => Raster;
  /** True when `raster` decodes `bytes` (a JPEG as it came): its top can then be decoded alone. */
  fromBytes: boolean;
}

interface PdfImage {
  dict: string;
  data: Buffer;
}

/** Image XObjects in file order: `<< … /Subtype /Image … >> stream … endstream`. */
function pdfImages(pdf: Buffer): PdfImage[] {
  const text = pdf.toString('latin1');
  const images: PdfImage[] = [];
  const streamWord = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = streamWord.exec(text))) {
    const dictEnd = text.lastIndexOf('>>', match.index);
    const objStart = text.lastIndexOf(' obj', match.index);
    // The keyword follows its dictionary directly ("endstream" also ends in "stream").
    if (dictEnd < 0 || objStart < 0 || objStart > dictEnd) continue;
    if (text.slice(dictEnd + 2, match.index).trim() !== '') continue;
    const dict = text.slice(objStart, dictEnd + 2);
    const start = match.index + match[0].length;
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    const end = length ? start + Number(length[1]) : text.indexOf('endstream', start);
    if (end < start || end > pdf.length) continue;
    streamWord.lastIndex = end;
    if (!/\/Subtype\s*\/Image/.test(dict)) continue;
    images.push({ dict, data: pdf.subarray(start, end) });
  }
  return images;
}

const number = (dict: string, key: string) => Number(new RegExp(`/${key}\\s+(\\d+)`).exec(dict)?.[1] ?? 0);

function pageFromPdfImage({ dict, data }: PdfImage): ScannedPage | null {
  if (/\/DCTDecode/.test(dict)) {
    if (sniffType(data) !== 'image/jpeg') return null;
    return {
      bytes: Buffer.from(data),
      mime: 'image/jpeg',
      raster: () => decodeImage(data, 'image/jpeg'),
      fromBytes: true,
    };
  }
  if (!/\/FlateDecode/.test(dict) || number(dict, 'BitsPerComponent') !== 8 || /\/DecodeParms/.test(dict))
    return null;
  const channels = /\/DeviceGray/.test(dict) ? 1 : /\/DeviceRGB/.test(dict) ? 3 : 0;
  const width = number(dict, 'Width');
  const height = number(dict, 'Height');
  if (!channels || !width || !height) return null;
  const pixels = inflateSync(data);
  if (pixels.length < width * height * channels) return null;
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = pixels[i * channels + (channels === 1 ? 0 : c)]!;
    rgba[i * 4 + 3] = 255;
  }
  const raster = { width, height, data: rgba };
  const bytes = jpeg.encode({ width, height, data: Buffer.from(rgba) }, 85).data;
  return { bytes, mime: 'image/jpeg', raster: () => raster, fromBytes: false };
}

/** The pages of one input file; null when it is not a JPEG, PNG or PDF at all. */
export function pagesOf(bytes: Buffer): ScannedPage[] | null {
  const type = sniffType(bytes);
  if (type === 'image/jpeg' || type === 'image/png')
    return [{ bytes, mime: type, raster: () => decodeImage(bytes, type), fromBytes: true }];
  if (type === 'application/pdf')
    return pdfImages(bytes)
      .map(pageFromPdfImage)
      .filter((page): page is ScannedPage => page !== null);
  return null;
}
