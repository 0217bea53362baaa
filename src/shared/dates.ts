/**
 * The desk's calendar day. Deadlines, "today" and printed dates are days where the desk is, so an
 * instant becomes a date in the machine's local time, never by cutting its UTC ISO string (which
 * would give yesterday's date for the first hours after midnight in Belgrade).
 */

/** The calendar date of an instant (or an ISO timestamp) in the desk's local time, as `YYYY-MM-DD`. */
export function localDate(instant: Date | string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
