/**
 * The few pieces of SpreadsheetML an import reads, found with small regular expressions instead
 * of a general XML parser: one element (a `<row>`, an `<si>`) is cut from the inflated bytes at
 * a time and turned into text on its own, so a letter of two or three UTF-8 bytes is never split
 * between chunks and nothing keeps a chunk alive. Elements may carry a namespace prefix (`x:row`),
 * as files written by the OpenXML SDK do.
 */

/** One element larger than the reader takes (a row of hundreds of megabytes). */
export class ElementTooLarge extends Error {
  constructor(readonly element: string) {
    super(`a <${element}> element is larger than an import reads`);
  }
}

/** An optional namespace prefix before an element's name. */
const PREFIX = '(?:[A-Za-z_][\\w.-]*:)?';

/**
 * Each complete `<name …>…</name>` (or `<name …/>`) element of a stream of bytes, as UTF-8
 * text. What is not inside such an element is skipped.
 */
export async function* elementsOf(
  chunks: AsyncIterable<Buffer>,
  name: string,
  maxBytes: number,
): AsyncGenerator<string> {
  const open = new RegExp(`<(${PREFIX})${name}(?=[\\s/>])`, 'g');
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    // latin1: one character per byte, so positions found in the text are positions in the bytes.
    const text = data.toString('latin1');
    let keepFrom = -1;
    open.lastIndex = 0;
    let consumed = 0;
    for (;;) {
      const match = open.exec(text);
      if (!match) break;
      const start = match.index;
      const tagEnd = text.indexOf('>', open.lastIndex);
      if (tagEnd < 0) {
        keepFrom = start;
        break;
      }
      let end: number;
      if (text.charCodeAt(tagEnd - 1) === 0x2f /* / */) end = tagEnd + 1;
      else {
        const close = `</${match[1] ?? ''}${name}>`;
        const at = text.indexOf(close, tagEnd);
        if (at < 0) {
          keepFrom = start;
          break;
        }
        end = at + close.length;
      }
      yield data.toString('utf8', start, end);
      open.lastIndex = end;
      consumed = end;
    }
    // Keep an element still being read; or, when none started, the last few bytes, in case an
    // opening tag's name is cut by the chunk's end.
    const from = keepFrom >= 0 ? keepFrom : Math.max(consumed, data.length - name.length - 64);
    rest = Buffer.from(data.subarray(from));
    if (rest.length > maxBytes) throw new ElementTooLarge(name);
  }
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** OOXML's own escape of characters XML cannot hold: `_x000D_` for a carriage return. */
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

function codePoint(value: number): string {
  // Not a character at all: what a decoder writes for what it could not read (rows.ts refuses it).
  return value > 0x10ffff ? '\uFFFD' : String.fromCodePoint(value);
}

/** XML text as the characters it stands for. */
export function decodeText(raw: string): string {
  let text = raw;
  if (text.includes('&'))
    text = text.replace(ENTITY, (_, entity: string) =>
      entity.startsWith('#x')
        ? codePoint(parseInt(entity.slice(2), 16))
        : entity.startsWith('#')
          ? codePoint(parseInt(entity.slice(1), 10))
          : (NAMED[entity] ?? ''),
    );
  if (text.includes('_x'))
    text = text.replace(OOXML_ESCAPE, (_, hex: string) => codePoint(parseInt(hex, 16)));
  return text;
}

const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of an opening tag's text (`r="A1" t="s"`), by name (prefix kept). */
export function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(ATTRIBUTE))
    attributes.set(match[1] ?? '', decodeText(match[2] ?? match[3] ?? ''));
  return attributes;
}

const PHONETIC = new RegExp(`<${PREFIX}rPh\\b[\\s\\S]*?</${PREFIX}rPh>`, 'g');
const TEXT_RUN = new RegExp(`<${PREFIX}t(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${PREFIX}t>)`, 'g');

/**
 * The text of a string item (`<si>`, `<is>`): every `<t>` run joined, rich text or plain, less
 * the phonetic guides (`<rPh>`) Japanese Excel adds.
 */
export function textOf(xml: string): string {
  let text = '';
  for (const match of xml.replace(PHONETIC, '').matchAll(TEXT_RUN)) text += match[1] ?? '';
  return decodeText(text);
}

/** Every `<name …>` opening tag in `xml`, as its attribute text. */
export function openingTags(xml: string, name: string): string[] {
  const tag = new RegExp(`<${PREFIX}${name}(\\s[^>]*?)?/?>`, 'g');
  return Array.from(xml.matchAll(tag), (match) => match[1] ?? '');
}

const INNER = new Map<string, RegExp>();

/** The inner text of the first `<name>` element in `xml`, or null. */
export function innerOf(xml: string, name: string): string | null {
  let element = INNER.get(name);
  if (!element) {
    element = new RegExp(`<${PREFIX}${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${PREFIX}${name}>)`);
    INNER.set(name, element);
  }
  const match = element.exec(xml);
  return match ? (match[1] ?? '') : null;
}

const CELL_ATTRIBUTE = /\s(r|t|s)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a cell that say where it is and how to read it: r, t and s. */
export function cellAttributesOf(tag: string): { r?: string; t?: string; s?: string } {
  const found: { r?: string; t?: string; s?: string } = {};
  for (const match of tag.matchAll(CELL_ATTRIBUTE))
    found[match[1] as 'r' | 't' | 's'] = match[2] ?? match[3] ?? '';
  return found;
}

/** A cell of a row: its attribute text and what is inside it. */
export const CELL = new RegExp(`<${PREFIX}c(\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</${PREFIX}c>)`, 'g');

/** The text of a `<row …>` opening tag. */
export function rowTagOf(row: string): string {
  const end = row.indexOf('>');
  return row.slice(0, end < 0 ? row.length : end);
}
