import { createRequire } from 'node:module';
import path from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { PacketResources } from './resources';

/**
 * pdfmake's printer, used directly rather than through its module-level singleton: fonts come
 * from memory (an in-memory file system of two files), and the network and the local disk are
 * both closed to documents, so a template can never make the renderer fetch or read anything.
 */

interface PdfKitDocument {
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'end' | 'error', listener: (error?: Error) => void): this;
  end(): void;
}

interface Printer {
  createPdfKitDocument(doc: TDocumentDefinitions, options?: Record<string, unknown>): Promise<PdfKitDocument>;
}

type PrinterClass = new (
  fonts: FontDescriptors,
  vfs: MemoryFs,
  urlResolver: unknown,
  localAccessPolicy: (path: string) => boolean,
) => Printer;
type UrlResolverClass = new (vfs: MemoryFs) => { setUrlAccessPolicy(policy: (url: string) => boolean): void };

type FontDescriptors = Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>;

interface MemoryFs {
  existsSync(name: string): boolean;
  readFileSync(name: string): Buffer;
}

const require = createRequire(import.meta.url);
const { PdfPrinter, UrlResolver, shareFonts } = loadPrivatePdfmake();

export const FONT_FAMILY = 'DejaVuSans';

export function createPdfRenderer(fonts: PacketResources['fonts']) {
  const files = new Map<string, Buffer>([
    ['DejaVuSans.ttf', fonts.regular],
    ['DejaVuSans-Bold.ttf', fonts.bold],
  ]);
  shareFonts(fonts.regular, fonts.bold);
  const vfs: MemoryFs = {
    existsSync: (name) => files.has(name),
    readFileSync: (name) => {
      const file = files.get(name);
      if (!file) throw new Error(`${name} is not an embedded font`);
      return file;
    },
  };

  return async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
    // pdfmake rewrites the descriptors while resolving them, so each document gets its own copy.
    const descriptors: FontDescriptors = {
      [FONT_FAMILY]: {
        normal: 'DejaVuSans.ttf',
        bold: 'DejaVuSans-Bold.ttf',
        italics: 'DejaVuSans.ttf',
        bolditalics: 'DejaVuSans-Bold.ttf',
      },
    };
    const urlResolver = new UrlResolver(vfs);
    urlResolver.setUrlAccessPolicy(() => false);
    const printer = new PdfPrinter(descriptors, vfs, urlResolver, () => false);
    const pdf = await printer.createPdfKitDocument(doc);
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      pdf.on('data', (chunk) => chunks.push(chunk));
      pdf.on('end', () => resolve(Buffer.concat(chunks)));
      pdf.on('error', (error) => reject(error ?? new Error('PDF output failed')));
      pdf.end();
    });
  };
}

export type RenderPdf = ReturnType<typeof createPdfRenderer>;

/**
 * pdfkit parses the embedded TTF again for every document (`fontkit.create`) and shapes every
 * word again with fontkit: for two fonts that is 60–80 ms, most of a packet. Parsed fonts are
 * read-only (pdfkit makes a fresh subset per document) and shaping is a pure function of the
 * text, so both can be shared between documents. pdfkit keeps `require('fontkit')` in a
 * module-local variable, so the one seam is the module cache: this loads a private copy of
 * pdfmake and pdfkit bound to a fontkit whose `create` returns our two fonts parsed once, with a
 * word-shaping cache; any other font behaves as before. Other users of pdfmake in the process
 * keep their own, untouched copy, whatever the order modules were loaded in.
 */
function loadPrivatePdfmake() {
  const pdfmakeDir = path.dirname(require.resolve('pdfmake/package.json'));
  const pdfkitDir = path.dirname(require.resolve('pdfkit/package.json', { paths: [pdfmakeDir] }));
  const fontkitPath = require.resolve('fontkit', { paths: [pdfkitDir] });
  type Fontkit = { create: (buffer: Uint8Array, name?: string) => SharedFont };
  const fontkit = require(fontkitPath) as Fontkit;

  const ours = new WeakSet<Uint8Array>();
  const parsed = new WeakMap<Uint8Array, SharedFont>();
  const privateFontkit: Fontkit = {
    ...(fontkit as object),
    create(buffer, name) {
      if (name || !ours.has(buffer)) return fontkit.create(buffer, name);
      let font = parsed.get(buffer);
      if (!font) parsed.set(buffer, (font = withShapingCache(fontkit.create(buffer))));
      return font;
    },
  } as Fontkit;

  const isPrivate = (file: string) =>
    file.startsWith(pdfmakeDir + path.sep) || file.startsWith(pdfkitDir + path.sep);
  const cache = require.cache;
  const theirs = Object.keys(cache)
    .filter(isPrivate)
    .map((file) => [file, cache[file]] as const);
  for (const [file] of theirs) delete cache[file];
  const fontkitModule = cache[fontkitPath]!;
  const fontkitExports: unknown = fontkitModule.exports;
  fontkitModule.exports = privateFontkit;
  try {
    return {
      PdfPrinter: (require('pdfmake/js/Printer') as { default: PrinterClass }).default,
      UrlResolver: (require('pdfmake/js/URLResolver') as { default: UrlResolverClass }).default,
      shareFonts: (...buffers: Uint8Array[]) => buffers.forEach((buffer) => ours.add(buffer)),
    };
  } finally {
    fontkitModule.exports = fontkitExports;
    for (const file of Object.keys(cache).filter(isPrivate)) delete cache[file];
    for (const [file, module] of theirs) cache[file] = module;
  }
}

interface GlyphRunLike {
  positions: object[];
}
interface SharedFont {
  layout(text: string, ...rest: unknown[]): GlyphRunLike;
  getGlyph(id: number, codePoints?: number[]): { codePoints: number[] };
}

/**
 * Words already shaped are served from memory; pdfkit scales the positions it gets, so each
 * caller gets its own copy. fontkit keeps one glyph object per glyph id with the characters of
 * its first use; when a document's subset pulls in the parts of a composite glyph (Z for Ž, or a
 * Latin letter a Cyrillic one is built from), those parts are made with no characters, and a
 * later document writing that letter would lose it from its text layer. So a glyph without
 * characters takes those of its first real use.
 */
function withShapingCache(font: SharedFont): SharedFont {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, codePoints = []) => {
    const glyph = getGlyph(id, codePoints);
    if (codePoints.length > 0 && glyph.codePoints.length === 0) glyph.codePoints = codePoints;
    return glyph;
  };
  const runs = new Map<string, GlyphRunLike>();
  const layout = font.layout.bind(font);
  font.layout = (text: string, ...rest: unknown[]) => {
    if (rest.some((arg) => arg !== undefined)) return layout(text, ...rest);
    let run = runs.get(text);
    if (!run) {
      if (runs.size > 50_000) runs.clear();
      runs.set(text, (run = layout(text)));
    }
    const copy = Object.assign(Object.create(Object.getPrototypeOf(run) as object) as GlyphRunLike, run);
    copy.positions = run.positions.map((p) =>
      Object.assign(Object.create(Object.getPrototypeOf(p) as object) as object, p),
    );
    return copy;
  };
  return font;
}
