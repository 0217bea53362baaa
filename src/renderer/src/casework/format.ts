import type { ClientSummary } from '../../../shared/client';
import { scriptOfLanguage } from '../i18n';
import { fullNames } from '../clients/names';

/** Dates for people (`31.01.2025`); re-exported so casework reads like one vocabulary. */
export { formatDate, todayIso } from '../ui/dates';

const DAY_MS = 86_400_000;
const toUtc = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};

export function addDays(date: string, days: number): string {
  return new Date(toUtc(date).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return toUtc(date).getUTCDay() || 7;
}

/** The next `count` dates on `weekday`, from `from` on (today included). */
export function nextWeekdays(weekday: number, from: string, count: number): string[] {
  const first = addDays(from, (weekday - isoWeekday(from) + 7) % 7);
  return Array.from({ length: count }, (_, i) => addDays(first, i * 7));
}

/** The first and last day of the month `offset` months from the one `date` is in. */
export function monthRange(date: string, offset = 0): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 + offset, 1));
  const last = new Date(Date.UTC(y, m + offset, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

/** "Surname Given name" in the UI's script. */
export function clientName(client: Pick<ClientSummary, 'names'>, language: string): string {
  return fullNames(client.names, scriptOfLanguage(language)).main;
}
