import { AppError } from '../../../shared/errors';
import { problemFromError, type Problem } from '../ui/problems';
import { formatDate } from '../ui/dates';

/** The core's refusals this area can put in specific words; everything else as any failed call. */
export function privacyProblem(error: unknown): Problem {
  if (error instanceof AppError && error.detail?.reason === 'already_erased') {
    const erasedAt = String(error.detail.erasedAt ?? '');
    return {
      key: 'errors:privacy.alreadyErased',
      values: { date: formatDate(erasedAt.slice(0, 10)) },
      raw: error.message,
    };
  }
  return problemFromError(error);
}
