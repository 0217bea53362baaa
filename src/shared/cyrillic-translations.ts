import { latinToCyrillic } from './script';

/**
 * The Serbian Cyrillic translations are derived from the Latin ones (issue #14): each
 * `locales/sr-Cyrl/<namespace>.json` holds only the strings whose Cyrillic is not the
 * transliteration of the Latin (the exceptions), and the whole Cyrillic namespace is the Latin one
 * transliterated with those laid over it. The renderer (i18n.ts) and the core's file words
 * (core/casework/labels.ts) both build it with `cyrillicStrings`, so the two cannot differ.
 */

/** A namespace's strings: nested objects whose leaves are strings. */
export interface Strings {
  [key: string]: string | Strings;
}

/**
 * Parts of a translation that are not Serbian words and stay as written: i18next placeholders
 * (`{{count}}`), nesting (`$t(…)`), HTML-ish tags, keyboard keys, file formats and encodings a
 * person picks by name, and "KB". (KEPT_LATIN in script.ts keeps PDF, CSV, JSON, XLSX, QR, IPS and
 * the product name.) Keys are never touched: only values are transliterated.
 */
const UNTOUCHED =
  /(\{\{[^}]*\}\}|\$t\([^)]*\)|<\/?[A-Za-z][^<>]*>|\bCtrl\+[A-Za-z]+\b|\b(?:Enter|Esc|Excel|JPEG|PNG|KB)\b|\bUTF-\d+\b|\bWindows-\d+\b|\.csv\b|\.xlsx\b)/u;

/**
 * Foreign names written the Serbian way in Cyrillic (they are not letter-for-letter), and "USB",
 * which the Cyrillic UI has always spelt УСБ though script.ts keeps it Latin in names and files.
 */
// prettier-ignore
const SPELLINGS: [RegExp, string][] = [
  [/\bUSB\b/gu, 'УСБ'], [/\bLinux\b/gu, 'Линукс'], [/\bWindows\b(?!-)/gu, 'Виндоус'],
];

/**
 * One Latin translation in Cyrillic. Unlike names typed by people, translations are written with
 * đ, so a "dj" in them is always д + ј (odjava → одјава, odjednom → одједном): the text is cut
 * between the d and the j before script.ts transliterates it, which would read "dj" as ђ.
 */
export function translationToCyrillic(latin: string): string {
  return latin
    .split(UNTOUCHED)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      const spelt = SPELLINGS.reduce((text, [word, cyrillic]) => text.replace(word, cyrillic), part);
      return spelt
        .split(/(?<=d)(?=j)/iu)
        .map((piece) => latinToCyrillic(piece))
        .join('');
    })
    .join('');
}

/**
 * A whole Cyrillic namespace: every Latin string transliterated, or its exception where there is
 * one. Only keys of the Latin namespace are produced (a key the Latin lost is gone in Cyrillic too).
 */
export function cyrillicStrings(latin: Strings, exceptions: Strings = {}): Strings {
  const out: Strings = {};
  for (const [key, value] of Object.entries(latin)) {
    const exception = exceptions[key];
    if (typeof value === 'string')
      out[key] = typeof exception === 'string' ? exception : translationToCyrillic(value);
    else out[key] = cyrillicStrings(value, typeof exception === 'object' ? exception : {});
  }
  return out;
}

/**
 * The exceptions that are not needed (equal to the transliteration) or name a key the Latin does
 * not have, as `a.b.c` key paths: a test keeps the list of exceptions short and current with it.
 */
export function redundantExceptions(latin: Strings, exceptions: Strings, prefix = ''): string[] {
  return Object.entries(exceptions).flatMap(([key, exception]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const value = latin[key];
    if (typeof exception === 'string')
      return typeof value === 'string' && translationToCyrillic(value) !== exception ? [] : [path];
    return typeof value === 'object' ? redundantExceptions(value, exception, path) : [path];
  });
}
