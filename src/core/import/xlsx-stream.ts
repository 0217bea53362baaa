import { Transform, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * exceljs' streaming reader turns every inflated chunk into text on its own (utils/parse-sax.js),
 * so a letter of two or three UTF-8 bytes cut by a chunk boundary becomes two U+FFFD: "Đorđević"
 * imported as "Đor��ević", about once per 64 KB of Cyrillic or Latin-with-diacritics text. These
 * wrappers hand it chunks that end on whole characters, for the shared strings (where Excel keeps
 * the text) and the worksheets (inline strings). Internal methods of exceljs 4.4's
 * WorkbookReader; the import tests read a Cyrillic sheet larger than many chunks to catch a change.
 */

/** Bytes at the end of `buffer` that start a character not finished in it. */
function unfinishedTail(buffer: Buffer): number {
  for (let back = 1; back <= Math.min(3, buffer.length); back++) {
    const byte = buffer[buffer.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? back : 0;
  }
  return 0;
}

function wholeCharacters(): Transform {
  let carry = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const cut = buffer.length - unfinishedTail(buffer);
      carry = Buffer.from(buffer.subarray(cut));
      done(null, buffer.subarray(0, cut));
    },
    flush(done) {
      done(null, carry.length > 0 ? carry : undefined);
    },
  });
}

async function* wholeCharacterChunks(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let carry = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
    const cut = buffer.length - unfinishedTail(buffer);
    carry = Buffer.from(buffer.subarray(cut));
    if (cut > 0) yield buffer.subarray(0, cut);
  }
  if (carry.length > 0) yield carry;
}

type ReaderInternals = {
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Generator<unknown>;
};

const Base = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (
  input: Readable,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
) => ExcelJS.stream.xlsx.WorkbookReader & ReaderInternals;

export class WholeCharacterWorkbookReader extends Base {
  override _parseSharedStrings(entry: Readable) {
    return super._parseSharedStrings(entry.pipe(wholeCharacters()));
  }

  override _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string) {
    return super._parseWorksheet(wholeCharacterChunks(iterator), sheetNo);
  }
}
