/**
 * A time of day as staff type it → `HH:mm` on the 24-hour clock; `''` for blank; null when the
 * text is no time ("25:00", "9:75", "abc"). Read: `9`, `09`, `930`, `0930`, `9:30`, `9.30`, `9,30`, `9h30`.
 */
export function timeTextToValue(text: string): string | null {
  const typed = text.trim();
  if (typed === '') return '';
  const match = /^(\d{1,2})(?:[:.,h]\s*(\d{2})|(\d{2}))?$/.exec(typed);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? match[3] ?? '0');
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
