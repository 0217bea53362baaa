import type { TFunction } from 'i18next';
import { AppError } from '../../../shared/errors';
import { caseworkProblem } from '../casework/problems';
import type { Problem } from '../ui/problems';

/**
 * A failed consent call in the UI's words: the consent rules the core names in `detail.reason`,
 * otherwise what casework or the shared fallback say.
 */
export function consentProblem(error: unknown, t: TFunction): Problem {
  if (error instanceof AppError) {
    const reason = error.detail?.reason;
    if (error.code === 'NOT_ALLOWED' && reason === 'consent_withdrawn')
      return { key: 'errors:consent.alreadyWithdrawn', raw: error.message };
    if (error.code === 'FORBIDDEN' && reason === 'consent_override')
      return { key: 'errors:consent.overrideForbidden', raw: error.message };
  }
  return caseworkProblem(error, t);
}

/** True when the core refused to share because no consent for the partner holds today. */
export function isMissingConsent(error: unknown): boolean {
  return error instanceof AppError && error.code === 'NOT_ALLOWED' && error.detail?.reason === 'consent';
}
