/**
 * Text PostgreSQL cannot store: a NUL character (`\u0000`) in any text or `jsonb`, a lone UTF-16
 * surrogate (`\ud800` without its pair) in `jsonb`. Kept apart (it imports nothing) so the wire
 * schemas in src/shared/sync.ts can use it.
 */

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const SUSPECT = /[\u0000\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why this text cannot be stored, or null when it can. */
export function unstorableText(text: string): string | null {
  // Nearly every value has neither; one plain character class tells (the pair check is slower).
  if (!SUSPECT.test(text)) return null;
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(text))
    return 'contains a broken character (half of a UTF-16 surrogate pair), which cannot be stored';
  return null;
}

/** For zod: `.refine(isStorableText, STORABLE_TEXT)` on every free-text string of the protocol. */
export const isStorableText = (text: string) => unstorableText(text) === null;
export const STORABLE_TEXT = 'Contains a character that cannot be stored (NUL or a broken surrogate)';
