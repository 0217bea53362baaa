import type { TFunction } from 'i18next';
import { AppError } from '../../../shared/errors';
import { problemFromError, type Problem } from '../ui/problems';

/** Why the core said NOT_ALLOWED (its `detail.reason`), each with a message in `casework.json`. */
const REASONS = new Set([
  'consent',
  'transition',
  'already_in_progress',
  'already_booked',
  'appointment_in_future',
  'appointment_status',
  'referral_closed',
]);

/** A failed casework call in the UI's words: the rule that stopped it, or the shared fallback. */
export function caseworkProblem(error: unknown, t: TFunction): Problem {
  if (error instanceof AppError && error.code === 'NOT_ALLOWED') {
    const reason = typeof error.detail?.reason === 'string' ? error.detail.reason : '';
    if (!REASONS.has(reason)) return { key: 'casework:errors.notAllowed', raw: error.message };
    const status = (value: unknown) =>
      typeof value === 'string' ? t(`casework:procedureStatus.${value}`) : '';
    return {
      key: `casework:errors.${reason}`,
      values: { from: status(error.detail?.from), to: status(error.detail?.to) },
      raw: error.message,
    };
  }
  return problemFromError(error);
}
