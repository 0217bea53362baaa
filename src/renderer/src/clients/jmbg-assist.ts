import type { Sex } from '../../../shared/client';
import {
  checkJmbg,
  jmbgControlDigit,
  jmbgMismatches,
  normalizeJmbg,
  type JmbgMismatch,
} from '../../../shared/jmbg';

/**
 * What the JMBG field tells the person while they type (DOMAIN.md §4): nothing until the number
 * is complete, then what it says (birth date, sex), or what is wrong with it. The same rules the
 * core applies on save (src/core/clients/service.ts); the agreement rule itself is `jmbgMismatches`
 * in shared/jmbg.ts, so a warning here is the refusal there.
 */
export type JmbgNotice =
  | { kind: 'empty' }
  | { kind: 'typing'; digits: number }
  | { kind: 'valid'; birthDate: string; sex: Sex; region: string | null; mismatches: Mismatch[] }
  | { kind: 'invalid'; key: string; values: Record<string, string | number> };

/** Where a valid JMBG and the form disagree (the core refuses that without a reason). */
export type Mismatch = JmbgMismatch;

/** Translation keys are in the `clients` namespace. */
export function assessJmbg(
  typed: string,
  form: { birthDate: string | null; sex: Sex | null },
  today: Date = new Date(),
): JmbgNotice {
  const digits = normalizeJmbg(typed.trim());
  if (digits === '') return { kind: 'empty' };
  if (/^\d{1,12}$/.test(digits)) return { kind: 'typing', digits: digits.length };

  const check = checkJmbg(digits, today);
  if (check.valid) {
    const mismatches = jmbgMismatches(check, form);
    return { kind: 'valid', birthDate: check.birthDate, sex: check.sex, region: check.region, mismatches };
  }

  switch (check.problem) {
    case 'format':
      return /^\d+$/.test(digits)
        ? { kind: 'invalid', key: 'jmbg.problem.tooLong', values: { count: digits.length } }
        : { kind: 'invalid', key: 'jmbg.problem.notDigits', values: {} };
    case 'date':
    case 'future':
      return {
        kind: 'invalid',
        key: `jmbg.problem.${check.problem}`,
        values: { date: jmbgDateText(digits) },
      };
    case 'checksum':
      return {
        kind: 'invalid',
        key: 'jmbg.problem.checksum',
        values: { expected: jmbgControlDigit(digits.slice(0, 12)), actual: digits.charAt(12) },
      };
  }
}

/** The birth date the first seven digits spell, as written (even when it does not exist). */
function jmbgDateText(digits: string): string {
  const yyy = Number(digits.slice(4, 7));
  const year = yyy >= 800 ? 1000 + yyy : 2000 + yyy;
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${year}`;
}

/** Whether saving needs a reason to keep the JMBG as written. */
export function jmbgNeedsReason(notice: JmbgNotice): boolean {
  return notice.kind === 'invalid' || (notice.kind === 'valid' && notice.mismatches.length > 0);
}
