/**
 * Serbian in its two scripts (DOMAIN.md §5): transliteration both ways and the folding that lets a
 * search find a person whatever script or keyboard was used. Names are stored as entered; the
 * other script is derived here and staff may correct it per record.
 */

export type Script = 'latn' | 'cyrl';

/** Lower-case Serbian Cyrillic → Latin; capitals are derived so the table stays one-to-one. */
// prettier-ignore
const CYRILLIC_TO_LATIN = new Map<string, string>([
  ['а', 'a'], ['б', 'b'], ['в', 'v'], ['г', 'g'], ['д', 'd'], ['ђ', 'đ'], ['е', 'e'],
  ['ж', 'ž'], ['з', 'z'], ['и', 'i'], ['ј', 'j'], ['к', 'k'], ['л', 'l'], ['љ', 'lj'],
  ['м', 'm'], ['н', 'n'], ['њ', 'nj'], ['о', 'o'], ['п', 'p'], ['р', 'r'], ['с', 's'],
  ['т', 't'], ['ћ', 'ć'], ['у', 'u'], ['ф', 'f'], ['х', 'h'], ['ц', 'c'], ['ч', 'č'],
  ['џ', 'dž'], ['ш', 'š'],
]);

/**
 * Lower-case Latin (letters, digraphs and the Unicode digraph letters ǉ ǌ ǆ) → Cyrillic.
 * "dj" → ђ is a heuristic: people type "dj" for đ on keyboards without it (Djordje), which is far
 * more common in names than a real d + j join (odjava = од + јава, which this gets wrong).
 */
// prettier-ignore
const LATIN_TO_CYRILLIC = new Map<string, string>([
  ...[...CYRILLIC_TO_LATIN].map(([cyrillic, latin]): [string, string] => [latin, cyrillic]),
  ['ǉ', 'љ'], ['ǌ', 'њ'], ['ǆ', 'џ'], ['dj', 'ђ'],
]);

const LATIN_DIGRAPHS = new Set(['lj', 'nj', 'dž', 'dj']);

const isLetter = (ch: string): boolean => /\p{L}/u.test(ch);
const isUpper = (ch: string): boolean => ch !== ch.toLowerCase();

/** A word of two or more letters, all capitals: there Љ is "LJ", elsewhere "Lj". */
function isAllCapitals(word: string): boolean {
  const letters = [...word].filter(isLetter);
  return letters.length >= 2 && letters.every(isUpper);
}

/** Serbian Cyrillic → Latin; anything that is not a Serbian Cyrillic letter passes through. */
export function cyrillicToLatin(text: string): string {
  return text.replace(/[\p{L}\p{M}]+/gu, (word) => {
    const allCapitals = isAllCapitals(word);
    let out = '';
    for (const ch of word) {
      const lower = ch.toLowerCase();
      const latin = CYRILLIC_TO_LATIN.get(lower);
      if (latin === undefined) out += ch;
      else if (ch === lower) out += latin;
      else if (allCapitals) out += latin.toUpperCase();
      else out += latin.charAt(0).toUpperCase() + latin.slice(1);
    }
    return out;
  });
}

/**
 * Serbian Latin → Cyrillic, best effort: a digraph is always read as one letter, so morpheme joins
 * come out wrong (injekcija → ињекција, not инјекција; nadživeti → наџивети, not надживети).
 * Letters outside the Serbian alphabet (q, w, x, y, ä …) pass through unchanged.
 */
export function latinToCyrillic(text: string): string {
  // NFC so that a ž typed as z + combining caron is one letter. Latin acronyms that are names of
  // things (QR, IPS, PDF) stay Latin on a Cyrillic page: "QР код" mixes two alphabets in one word.
  return text
    .normalize('NFC')
    .split(KEPT_LATIN)
    .map((part, i) => (i % 2 === 1 ? part : latinRunToCyrillic(part)))
    .join('');
}

/**
 * All-capital Latin words with a letter outside the Serbian alphabet (QR, WC), "IPS", the file
 * formats a person picks by name (PDF, CSV, JSON, XLSX, USB) and the product's own name.
 */
const KEPT_LATIN = /(?<![\p{L}])((?=[A-Z]*[QWXY])[A-Z]{2,}|IPS|PDF|CSV|JSON|XLSX|USB|MSC Desk)(?![\p{L}])/u;

function latinRunToCyrillic(source: string): string {
  let out = '';
  for (let i = 0; i < source.length;) {
    const pair = source.slice(i, i + 2);
    const first = source.charAt(i);
    if (LATIN_DIGRAPHS.has(pair.toLowerCase())) {
      const cyrillic = LATIN_TO_CYRILLIC.get(pair.toLowerCase()) ?? pair;
      // The first letter decides the case: "Lj" and "LJ" are both Љ.
      out += isUpper(first) ? cyrillic.toUpperCase() : cyrillic;
      i += 2;
      continue;
    }
    const cyrillic = LATIN_TO_CYRILLIC.get(first.toLowerCase());
    if (cyrillic === undefined) out += first;
    else out += isUpper(first) ? cyrillic.toUpperCase() : cyrillic;
    i += 1;
  }
  return out;
}

/**
 * The script most of the letters are in; null when there are no Latin or Cyrillic letters.
 * A tie goes to Latin, the script staff usually type in.
 */
export function detectScript(text: string): Script | null {
  const cyrillic = text.match(/(?=\p{L})\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = text.match(/(?=\p{L})\p{Script=Latin}/gu)?.length ?? 0;
  if (cyrillic === 0 && latin === 0) return null;
  return cyrillic > latin ? 'cyrl' : 'latn';
}

export function toScript(text: string, script: Script): string {
  return script === 'latn' ? cyrillicToLatin(text) : latinToCyrillic(text);
}

/**
 * Letters NFKD does not take apart. đ is the one that matters (DOMAIN.md §5); the others appear in
 * names of people returning from Germany and neighbouring countries.
 */
// ð is U+00F0, the lower case of Ð (U+00D0, Icelandic eth), which looks like Đ and is typed for it
// from some keyboards and OCR: it folds as đ does.
// prettier-ignore
const UNDECOMPOSABLE = new Map<string, string>([
  ['đ', 'dj'], ['ð', 'dj'], ['ß', 'ss'], ['ł', 'l'], ['ø', 'o'], ['æ', 'ae'], ['œ', 'oe'], ['ı', 'i'],
]);
const UNDECOMPOSABLE_LETTER = new RegExp(`[${[...UNDECOMPOSABLE.keys()].join('')}]`, 'gu');

/**
 * Plain lower-case Latin for search: Cyrillic is transliterated, đ → dj, then NFKD strips the
 * diacritics (č ć → c, š → s, ž → z, so dž → dz) and also splits the digraph letters (ǆ → dz,
 * ǉ → lj, ǌ → nj) and other compatibility forms; every run of non-letters/digits is one space.
 */
export function foldForSearch(text: string): string {
  return cyrillicToLatin(text.normalize('NFC'))
    .toLowerCase()
    .replace(UNDECOMPOSABLE_LETTER, (ch) => UNDECOMPOSABLE.get(ch) ?? ch)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Tokens to index a stored name under. A "dj" (from đ or typed) is also indexed as "d", because
 * people type đ as "d" on keyboards without it: Đorđević is found by "djordjevic" and "dordevic".
 */
export function searchTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const token of foldForSearch(text).split(' ')) {
    if (token === '') continue;
    tokens.add(token);
    tokens.add(token.replaceAll('dj', 'd'));
  }
  return [...tokens];
}

/**
 * Query tokens to prefix-match against `searchTokens`. Reducing "dj" to "d" here as well makes
 * the match work both ways: a name stored as typed without đ ("Dordevic") is then found by a
 * query typed "Đorđević" or "Djordjevic", which plain `foldForSearch` query tokens would miss.
 */
export function searchQueryTokens(text: string): string[] {
  const tokens = foldForSearch(text)
    .split(' ')
    .filter((token) => token !== '')
    .map((token) => token.replaceAll('dj', 'd'));
  return [...new Set(tokens)];
}
