import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { problemFromError, problemFromMessage, type Problem } from '../ui/problems';

/**
 * Account forms speak the shared schemas' words (src/shared/security.ts) and the core's
 * (security/accounts.ts); here they become translation keys. Anything else falls through to the
 * app's general messages.
 */
const ACCOUNT_MESSAGES: ReadonlyArray<
  readonly [RegExp, string, (match: RegExpExecArray) => Problem['values']]
> = [
  [/^At least (\d+) characters$/, 'security:field.tooShort', (m) => ({ count: Number(m[1]) })],
  [/^Letters, digits, dot, dash and underscore only$/, 'security:field.usernameCharacters', () => undefined],
  [/^Taken$/, 'security:field.usernameTaken', () => undefined],
  [/^Wrong password$/, 'security:field.wrongPassword', () => undefined],
];

export function accountFieldProblem(message: string): Problem {
  for (const [pattern, key, values] of ACCOUNT_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return { key, values: values(match) };
  }
  return problemFromMessage(message);
}

export type FieldProblems = Record<string, Problem>;

/** Checks a form's values with the call's own input schema, as the core will. */
export function checkWith<S extends z.ZodType>(
  schema: S,
  values: unknown,
): { ok: true; data: z.output<S> } | { ok: false; problems: FieldProblems } {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const problems: FieldProblems = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    problems[field] ??= accountFieldProblem(issue.message);
  }
  return { ok: false, problems };
}

/** The per-field problems the core sent with a refusal. */
export function fieldProblemsOf(error: unknown): FieldProblems {
  if (!(error instanceof AppError) || !error.fields) return {};
  return Object.fromEntries(
    Object.entries(error.fields).map(([field, message]) => [field, accountFieldProblem(message)]),
  );
}

/** A refused account change as one message; the core's "only admin" rule gets its own words. */
export function accountProblem(error: unknown): Problem {
  if (error instanceof AppError && error.code === 'VALIDATION') {
    if (/only active admin/.test(error.message))
      return { key: 'security:users.onlyAdmin', raw: error.message };
    if (error.fields) return { key: 'security:form.fixFields', raw: error.message };
  }
  if (
    error instanceof AppError &&
    error.code === 'ACCOUNT_LOCKED' &&
    typeof error.detail?.lockedUntil === 'string'
  ) {
    return {
      key: 'security:signIn.accountLocked',
      values: { time: timeOfDay(error.detail.lockedUntil) },
      raw: error.message,
    };
  }
  return problemFromError(error);
}

/** `14:05` in local time, for "locked until". */
export function timeOfDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
