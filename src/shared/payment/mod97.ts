/**
 * ISO 7064 MOD 97-10 arithmetic on decimal strings, shared by Serbian account numbers and
 * model 97 references (DOMAIN.md §3). Works digit by digit, so an 18-digit account never has to
 * fit in a float.
 */
export function mod97(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new RangeError('mod97 needs a string of digits');
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder;
}

/** The two control digits that make `digits + KK` ≡ 1 (mod 97): `98 − (digits × 100 mod 97)`. */
export function mod97Control(digits: string): string {
  return String(98 - mod97(`${digits}00`)).padStart(2, '0');
}
