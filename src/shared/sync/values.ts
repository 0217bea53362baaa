import { LIMITS } from '../sync';
import { isSyncedField, syncedTableFactsOf } from './registry';
import { unstorableText } from './text';

/**
 * What the server can store. PostgreSQL (and PGlite) refuse a NUL character (`\u0000`) anywhere in
 * text or `jsonb`, and a lone UTF-16 surrogate (`\ud800` without its pair) in `jsonb`; a push that
 * carried one used to fail as a whole with a 500, and every later change of that PC waited behind
 * it. So each pushed change is checked on its own: a change that cannot be stored is refused by
 * itself, with a reason a person can act on, and the rest of the batch is applied.
 */

export interface ChangeProblem {
  reason: 'invalid' | 'unknown';
  /** The field at fault, when one is. */
  field?: string;
  message: string;
}

/**
 * Whether the server stores this change: a synced table of the registry, synced fields of it,
 * values it can keep. Null when it can; otherwise why not (the first problem found).
 */
export function problemOfChange(
  table: string,
  fields: Readonly<Record<string, unknown>>,
): ChangeProblem | null {
  if (!syncedTableFactsOf(table)) {
    return {
      reason: 'unknown',
      message: `the server does not keep the table "${table}" (is the server older than this app? update it)`,
    };
  }
  for (const [field, value] of Object.entries(fields)) {
    if (!isSyncedField(table, field)) {
      return {
        reason: 'unknown',
        field,
        message: `the server does not keep the field "${field}" of "${table}" (is the server older than this app? update it)`,
      };
    }
    if (typeof value === 'string') {
      if (value.length > LIMITS.valueChars)
        return {
          reason: 'invalid',
          field,
          message: `the ${field} is longer than ${LIMITS.valueChars} characters`,
        };
      const problem = unstorableText(value);
      if (problem) return { reason: 'invalid', field, message: `the ${field} ${problem}` };
    } else if (!(
      value === null ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    )) {
      return { reason: 'invalid', field, message: `the ${field} is not text, a number or empty` };
    }
  }
  return null;
}
