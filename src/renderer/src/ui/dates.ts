import { localDate } from '../../../shared/dates';
import { IsoDate } from '../../../shared/client';
import { problemFromMessage, type Problem } from './problems';

/**
 * Dates as desk staff read and type them: `01.01.1990` (the form on Serbian documents), stored as
 * `YYYY-MM-DD`. Typed text that is not a date is passed on unchanged so the shared schema can say
 * what is wrong with it. Every date field of the UI goes through here (see `DateInput`).
 */

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `1990-01-31` → `31.01.1990`; empty for null. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : iso;
}

/** An ISO timestamp as local `31.01.2025 14:05`. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${pad2(date.getDate())}.${pad2(date.getMonth() + 1)}.${date.getFullYear()} ${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
}

/**
 * What was typed in a date field as `YYYY-MM-DD`: accepts `1.2.1990`, `01.02.1990.`, `01/02/1990`
 * and `1990-02-01`. Whether the day exists is the schema's call, not this function's.
 */
export function dateTextToIso(text: string): string {
  const trimmed = text.trim();
  const dotted = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})\.?$/.exec(trimmed);
  if (dotted) return `${dotted[3]}-${pad2(Number(dotted[2]))}-${pad2(Number(dotted[1]))}`;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  if (iso) return `${iso[1]}-${pad2(Number(iso[2]))}-${pad2(Number(iso[3]))}`;
  return trimmed;
}

/** Whether `value` is a day that exists, as `YYYY-MM-DD` (the shared schema's rule). */
export function isRealDate(value: string): boolean {
  return IsoDate.safeParse(value).success;
}

/**
 * The text a date field shows once its form holds `value`: the person's own text while it still
 * reads as that value (so `1.2.2026` is not rewritten under their fingers), else `value` as
 * `dd.mm.yyyy` (a value set from elsewhere, such as a suggested day or a cleared form).
 */
export function dateFieldText(text: string, value: string): string {
  return dateTextToIso(text) === value ? text : formatDate(value);
}

/** The earliest and latest day a date field allows, as `YYYY-MM-DD`. */
export interface DateLimits {
  min?: string | undefined;
  max?: string | undefined;
}

/**
 * What is wrong with a date field's value, or null: not a date (in the shared schema's words), or
 * outside its limits. Blank is not a problem here; whether the field may be blank is `required`'s.
 */
export function dateProblem(value: string, { min, max }: DateLimits = {}): Problem | null {
  if (value === '') return null;
  const checked = IsoDate.safeParse(value);
  if (!checked.success) return problemFromMessage(checked.error.issues[0]?.message ?? '');
  if (min !== undefined && isRealDate(min) && value < min) {
    return { key: 'errors:field.dateNotBefore', values: { date: formatDate(min) } };
  }
  if (max !== undefined && isRealDate(max) && value > max) {
    return { key: 'errors:field.dateNotAfter', values: { date: formatDate(max) } };
  }
  return null;
}

/** Today as `YYYY-MM-DD` in the desk's local time. */
export function todayIso(today: Date = new Date()): string {
  return localDate(today);
}

/** A document is expired from the day after its expiry date. */
export function isExpired(expiresOn: string | null, today: Date = new Date()): boolean {
  return expiresOn !== null && expiresOn < todayIso(today);
}
