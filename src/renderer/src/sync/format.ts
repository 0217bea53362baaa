import type { FieldValue } from '../../../shared/sync';

/** A moment as the desk reads it, in the UI's language (`—` when there is none). */
export function formatMoment(iso: string | null, language: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** How far apart two clocks are, in whole minutes. */
export function skewMinutes(skewMs: number | null): number {
  return skewMs === null ? 0 : Math.round(Math.abs(skewMs) / 60_000);
}

/** A field value as text; null when it is empty (the caller says "empty" in the UI's language). */
export function valueText(value: FieldValue): string | null {
  if (value === null || value === '') return null;
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return String(value);
}

/** "12.4 kB": bytes on the wire as a person reads them, in the UI's language. */
export function formatSize(bytes: number, language: string): string {
  const number = (value: number, digits: number) =>
    value.toLocaleString(language, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${number(bytes / 1000, 1)} kB`;
  return `${number(bytes / 1_000_000, 2)} MB`;
}
