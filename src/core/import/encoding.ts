import type { ImportEncoding } from '../../shared/contract/imports';

/**
 * Which text encoding a CSV file is in. A BOM settles it; valid UTF-8 is UTF-8; UTF-16 without
 * a BOM shows as a zero in every other byte. What is left is an 8-bit Windows code page, and the
 * bytes alone do not say which: Windows-1251 (Serbian Cyrillic, "Петровић") and Windows-1250
 * (Serbian Latin, "Petrović") decode the same file to two different sets of letters, one of them
 * garbage ("Ďĺňđîâčž"). Each is scored by how much its words look like words of a real name
 * list; when neither wins clearly the import asks the person instead of guessing.
 */

export interface EncodingGuess {
  encoding: ImportEncoding;
  /** False when the bytes fit more than one encoding about as well (or none well). */
  certain: boolean;
  /** The 8-bit encodings considered, best first (empty for BOM, UTF-8 and UTF-16). */
  candidates: ImportEncoding[];
}

export function decodeAs(bytes: Uint8Array, encoding: ImportEncoding): string {
  // A BOM of the chosen encoding is dropped by the decoder; the rest is read as given.
  return new TextDecoder(encoding).decode(bytes);
}

function looksLikeUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, 4000) & ~1;
  if (length < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZero += 1;
    if (bytes[i + 1] === 0) oddZero += 1;
  }
  const pairs = length / 2;
  if (oddZero / pairs > 0.3 && evenZero / pairs < 0.05) return 'utf-16le';
  if (evenZero / pairs > 0.3 && oddZero / pairs < 0.05) return 'utf-16be';
  return null;
}

/** Latin letters beyond ASCII that real names here carry: Serbian, Croatian, German, Hungarian, Albanian. */
const NAME_LATIN = /^[A-Za-zČĆŠĐŽčćšđžÄÖÜäöüßÉéÁáÍíÓóÚúËëÇçŐőŰű'’-]+$/;
const CYRILLIC_WORD = /^[\u0400-\u045F'’-]+$/;
const LETTERS = /\p{L}+/gu;

/** The share of words with letters beyond ASCII that read as a real word in this encoding. */
function plausibility(text: string, encoding: ImportEncoding): number {
  let judged = 0;
  let plausible = 0;
  for (const [word] of text.matchAll(LETTERS)) {
    if (/^[A-Za-z]+$/.test(word)) continue; // plain ASCII says nothing about the code page
    judged += 1;
    if (encoding === 'windows-1251') {
      if (CYRILLIC_WORD.test(word)) plausible += 1;
    } else if (NAME_LATIN.test(word)) {
      // "Ďĺňđîâčž" passes the letter test but no name is mostly accented letters.
      const special = [...word].filter((ch) => ch > '\u007f').length;
      if (special * 2 <= word.length) plausible += 1;
    }
    if (judged >= 2000) break;
  }
  return judged === 0 ? 1 : plausible / judged;
}

const EIGHT_BIT: readonly ImportEncoding[] = ['windows-1250', 'windows-1251'];

export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  const sure = (encoding: ImportEncoding): EncodingGuess => ({ encoding, certain: true, candidates: [] });
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return sure('utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return sure('utf-16be');
  // Before UTF-8: UTF-16 of Latin and Cyrillic text is all bytes below 0x80, valid "UTF-8" too.
  const utf16 = looksLikeUtf16(bytes);
  if (utf16) return sure(utf16);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return sure('utf-8');
  } catch {
    // not UTF-8: one of the 8-bit code pages
  }
  const sample = bytes.subarray(0, 200_000);
  const scored = EIGHT_BIT.map((encoding) => ({
    encoding,
    score: plausibility(decodeAs(sample, encoding), encoding),
  })).sort((a, b) => b.score - a.score);
  const [best, second] = scored as [(typeof scored)[number], (typeof scored)[number]];
  return {
    encoding: best.encoding,
    certain: best.score >= 0.9 && best.score - second.score >= 0.3,
    candidates: scored.map((s) => s.encoding),
  };
}
