/**
 * A function of one string that remembers its answers. Names and coded words repeat down a list of
 * clients (many a Jovanović, many a "Povratnik iz Nemačke"), and transliterating or folding a word
 * costs far more than a lookup. The memory is bounded: it starts over past `limit` distinct words.
 */
export function remembered<T>(compute: (text: string) => T, limit = 20_000): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    if (seen.has(text)) return seen.get(text) as T;
    if (seen.size >= limit) seen.clear();
    const value = compute(text);
    seen.set(text, value);
    return value;
  };
}
