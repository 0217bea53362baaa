/**
 * Amounts of dinars as whole para (1/100 RSD), so sums never meet a float. People type
 * `1025,12`, `1.025,12`, `1025.12` or `1025`; the schedule file stores `1025.12`.
 */

/** Para from typed text, or null when the text is not an amount. */
export function parseAmount(text: string): number | null {
  const compact = text.trim().replace(/\s/g, '');
  // Serbian style: dots for thousands, comma for decimals; or a plain decimal point.
  const serbian = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(compact);
  const plain = /^(\d+)(?:\.(\d{1,2}))?$/.exec(compact);
  const match = serbian ?? plain;
  if (!match) return null;
  const whole = match[1]!.replaceAll('.', '');
  if (whole.length > 13) return null;
  const decimals = (match[2] ?? '').padEnd(2, '0');
  return Number(whole) * 100 + Number(decimals);
}

/** `102512` → `1.025,12` for a printed slip. */
export function formatAmount(amountPara: number): string {
  const whole = Math.floor(amountPara / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${whole},${String(amountPara % 100).padStart(2, '0')}`;
}
