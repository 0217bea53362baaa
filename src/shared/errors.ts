import { z } from 'zod';

/**
 * Errors a person can act on. Every host turns a failed call into this shape; the renderer
 * translates `code` and shows `message` only as a fallback. No stack traces reach desk staff.
 */
export const ErrorCode = z.enum([
  'VALIDATION', // the call's input does not fit the contract
  'NOT_FOUND',
  'DUPLICATE_JMBG', // another client already has this JMBG
  'JMBG_INVALID', // an invalid JMBG was given without a reason to keep it
  'CONFLICT', // the record changed since it was read
  'IMPORT_REJECTED', // an import had rejected rows and was not committed
  'NOT_ALLOWED', // the record's state does not allow this (a status change, a slip without consent)
  'UNKNOWN_METHOD',
  'DATABASE_TOO_NEW',
  'DATABASE_KEY_MISSING', // an encrypted database and no key for it
  'DATABASE_KEY_WRONG', // the key does not open this database
  'DATABASE_DAMAGED', // the database file is truncated or corrupt; restore the last backup
  'FORBIDDEN', // the signed-in role may not make this call
  'LOGIN_REQUIRED', // nobody is signed in
  'SESSION_LOCKED', // the session locked itself after idle minutes; unlock with the password
  'LOGIN_FAILED',
  'ACCOUNT_LOCKED', // too many failed attempts
  'SYNC_NOT_ENROLLED', // sync needs a server address and an enrolment code first
  'SYNC_LINK', // the sync server could not be reached, or the link dropped; nothing is lost
  'SYNC_REFUSED', // the sync server refused: a revoked device, a used code, a request it cannot take
  'SYNC_CLOCK', // this computer's clock is too far from the server's to push changes
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Per-field problems, keyed by a dotted path such as `address.street`. */
  fields: z.record(z.string(), z.string()).optional(),
  /** Extra machine-readable detail, e.g. the id of the existing client for DUPLICATE_JMBG. */
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorShape>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly detail?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: Record<string, string>; detail?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = extra.fields;
    this.detail = extra.detail;
  }

  toShape(): AppErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.detail ? { detail: this.detail } : {}),
    };
  }

  static fromShape(shape: AppErrorShape): AppError {
    return new AppError(shape.code, shape.message, { fields: shape.fields, detail: shape.detail });
  }
}

/** Turns a zod failure into a VALIDATION error whose `fields` name each bad path. */
export function validationError(error: z.ZodError, what: string): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '(input)';
    fields[path] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .slice(0, 3)
    .map(([path, message]) => `${path}: ${message}`)
    .join('; ');
  return new AppError('VALIDATION', `Invalid ${what}: ${summary}`, { fields });
}

/** Any thrown value as an error shape; unknown failures become INTERNAL without internals. */
export function toErrorShape(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  if (error instanceof z.ZodError) return validationError(error, 'input').toShape();
  // SQLite finding a damaged page in the middle of a call: say what it is, not "internal error".
  const sqliteCode = (error as { code?: unknown } | null)?.code;
  if (typeof sqliteCode === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(sqliteCode))
    return {
      code: 'DATABASE_DAMAGED',
      message:
        'The database file is damaged. Close the app and restore the last backup (msc-desk cli: "restore FILE"); nothing more was written.',
    };
  return { code: 'INTERNAL', message: 'Internal error; the details are in the log.' };
}
