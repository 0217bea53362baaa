/**
 * The one rule for what text a record may carry. PostgreSQL `jsonb` refuses U+0000, XML (XLSX,
 * DOCX) refuses the other C0 controls, a lone UTF-16 surrogate is not a character at all (it
 * turns into "?" or an error on the way to UTF-8), and C1 controls are invisible leftovers of a
 * mis-decoded file that no printed font shows. Such a value is refused where it enters (the
 * contract, an import cell, the sync server) rather than stored and found later, when one record
 * would stop a whole office's sync. Tab, line feed and carriage return stay allowed (notes).
 */

// The control characters are the point of this pattern.
/* eslint-disable no-control-regex */
const UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/* eslint-enable no-control-regex */

/** What the contract and the import say; the renderer recognises it and translates it. */
export const UNSAFE_TEXT_MESSAGE = 'Contains a character that cannot be stored';

export interface UnsafeCharacter {
  /** Position in the string (UTF-16 units), for a person counting characters. */
  index: number;
  /** "U+0000", "U+D800": what the character is, in the form people can look up. */
  codePoint: string;
}

/** The first character of `text` a record cannot carry, or null when all of it is fine. */
export function unsafeCharacterIn(text: string): UnsafeCharacter | null {
  const match = UNSAFE.exec(text);
  if (!match) return null;
  const code = match[0].charCodeAt(0);
  return { index: match.index, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}` };
}

export function isSafeText(text: string): boolean {
  return !UNSAFE.test(text);
}

/** How deep a call's input may nest; the contract's own shapes need fewer than ten levels. */
export const MAX_INPUT_DEPTH = 32;

export type UnsafeValue =
  | { kind: 'character'; path: (string | number)[]; character: UnsafeCharacter }
  | { kind: 'tooDeep'; path: (string | number)[] };

/**
 * Walks a value (strings, object keys, arrays) and names the first unsafe string or a nesting
 * deeper than MAX_INPUT_DEPTH. Iterative, so a hostile 100,000-level JSON cannot overflow the stack.
 */
export function findUnsafeValue(value: unknown): UnsafeValue | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const character = unsafeCharacterIn(current);
      if (character) return { kind: 'character', path, character };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH) return { kind: 'tooDeep', path };
    if (current instanceof Date || ArrayBuffer.isView(current)) continue;
    if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const character = unsafeCharacterIn(key);
      if (character) return { kind: 'character', path: [...path, key], character };
      stack.push({ value: item, path: [...path, key] });
    }
  }
  return null;
}
