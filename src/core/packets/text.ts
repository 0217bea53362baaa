/**
 * Placeholders in template text: `{client.jmbg}` must be filled, `{options.rfzoBranch?}` may stay
 * blank. Template text is Cyrillic; a Latin document converts the text around the values.
 */

export interface Placeholder {
  path: string;
  optional: boolean;
}

const PLACEHOLDER = /\{([A-Za-z0-9_.]+)(\?)?\}/g;

export function placeholdersIn(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => ({ path: match[1]!, optional: match[2] === '?' }));
}

/** One piece of filled text: literal template text, a value, or a blank to fill by hand. */
export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'value'; text: string; path: string }
  | { kind: 'blank'; path: string };

/** Splits `text` into pieces, asking `valueOf` for each placeholder (null = empty). */
export function fillText(text: string, valueOf: (path: string) => string | null): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last)
      pieces.push({ kind: 'text', text: dropDoubledDot(pieces, text.slice(last, match.index)) });
    const path = match[1]!;
    const value = valueOf(path);
    pieces.push(
      value === null || value === '' ? { kind: 'blank', path } : { kind: 'value', text: value, path },
    );
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: dropDoubledDot(pieces, text.slice(last)) });
  return pieces;
}

/** A Serbian date ends with a dot (`18.06.2024.`): at the end of a sentence it takes no second one. */
function dropDoubledDot(pieces: Piece[], text: string): string {
  const previous = pieces.at(-1);
  return previous?.kind === 'value' && previous.text.endsWith('.') && text.startsWith('.')
    ? text.slice(1)
    : text;
}
