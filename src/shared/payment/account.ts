import { mod97, mod97Control } from './mod97';

/**
 * Serbian payment account numbers (DOMAIN.md §3): 3 digits of the bank, 13 of the account
 * (zero-padded on the left) and 2 control digits; 18 digits in all, valid when the whole number
 * mod 97 is 1. People write them short with dashes: `840-742221843-57`.
 */

export type AccountCheck =
  | { valid: true; account: string; formatted: string }
  | { valid: false; problem: 'format' | 'control'; message: string };

/**
 * Accepts the printed form (`840-742221843-57`), the 18-digit form and spaced forms, and checks
 * the control digits. Never throws: a wrong account is something a person fixes in a form.
 */
export function checkAccount(input: string): AccountCheck {
  const text = input.trim();
  const parts = text.split(/[-\s]+/).filter((part) => part !== '');
  let digits: string;
  if (parts.length === 1 && /^\d{18}$/.test(parts[0]!)) digits = parts[0]!;
  else if (
    parts.length === 3 &&
    /^\d{3}$/.test(parts[0]!) &&
    /^\d{1,13}$/.test(parts[1]!) &&
    /^\d{2}$/.test(parts[2]!)
  )
    digits = `${parts[0]}${parts[1]!.padStart(13, '0')}${parts[2]}`;
  else
    return {
      valid: false,
      problem: 'format',
      message: 'An account is 3 digits, up to 13 digits and 2 control digits, e.g. 840-742221843-57',
    };
  if (mod97(digits) !== 1) {
    const expected = mod97Control(digits.slice(0, 16));
    return {
      valid: false,
      problem: 'control',
      message: `The control digits do not match: for this bank and account they would be ${expected}`,
    };
  }
  return { valid: true, account: digits, formatted: formatAccount(digits) };
}

/** `840000074222184357` → `840-742221843-57` (the middle part without its padding zeros). */
export function formatAccount(account18: string): string {
  if (!/^\d{18}$/.test(account18)) throw new RangeError('formatAccount needs 18 digits');
  const middle = account18.slice(3, 16).replace(/^0+(?=\d)/, '');
  return `${account18.slice(0, 3)}-${middle}-${account18.slice(16)}`;
}

/** The 18-digit form, or null when the text is not a valid account. */
export function normalizeAccount(input: string): string | null {
  const check = checkAccount(input);
  return check.valid ? check.account : null;
}
