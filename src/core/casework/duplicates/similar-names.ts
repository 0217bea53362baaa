import { foldForSearch } from '../../../shared/script';

/**
 * Whether two people's names are close enough to ask "is this the same person?" (DOMAIN.md §5):
 * compared folded (either script, with or without diacritics, đ as dj or d), word by word, with a
 * slip of the keyboard forgiven in longer words and surname and given name allowed to be swapped.
 */

export interface PersonName {
  surname: string;
  givenName: string;
}

const words = (text: string): string[] =>
  foldForSearch(text)
    .split(' ')
    .filter(Boolean)
    .map((word) => word.replaceAll('dj', 'd'));

/** Levenshtein distance, stopping early once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** One typo in a word of 4–7 letters, two from 8; short words must match exactly. */
function closeWords(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 4) return false;
  const allowed = Math.max(a.length, b.length) >= 8 ? 2 : 1;
  return editDistance(a, b, allowed) <= allowed;
}

const anyClose = (left: string[], right: string[]) => left.some((a) => right.some((b) => closeWords(a, b)));

export function similarNames(one: PersonName, other: PersonName): boolean {
  const [s1, g1, s2, g2] = [
    words(one.surname),
    words(one.givenName),
    words(other.surname),
    words(other.givenName),
  ];
  if (s1.length === 0 || g1.length === 0 || s2.length === 0 || g2.length === 0) return false;
  return (anyClose(s1, s2) && anyClose(g1, g2)) || (anyClose(s1, g2) && anyClose(g1, s2));
}
