import { mod97Control } from './mod97';

/**
 * Model 97 "poziv na broj" (reference number): two control digits followed by the reference,
 * e.g. the municipality code 019 → `41019`, printed `97 41-019` (DOMAIN.md §3).
 * Control: `KK = 98 − ((reference × 100) mod 97)`.
 */

/** The two control digits for a reference of digits (dashes and spaces are ignored). */
export function model97Control(reference: string): string {
  const digits = referenceDigits(reference);
  return mod97Control(digits);
}

/** Control digits + reference, as it goes in the QR code's RO tag after the model (`41019`). */
export function model97Reference(reference: string): string {
  const digits = referenceDigits(reference);
  return `${mod97Control(digits)}${digits}`;
}

/** How the reference is printed on a slip: `41-019`. */
export function formatModel97Reference(reference: string): string {
  const digits = referenceDigits(reference);
  return `${mod97Control(digits)}-${digits}`;
}

/** Whether `KK + reference` (as printed or compact) carries the right control digits. */
export function isValidModel97(withControl: string): boolean {
  if (typeof withControl !== 'string') return false;
  const compact = withControl.replace(/[-\s]/g, '');
  // Two control digits and at most 20 of reference: anything longer is simply not valid (never a throw).
  if (!/^\d{3,22}$/.test(compact)) return false;
  return model97Control(compact.slice(2)) === compact.slice(0, 2);
}

function referenceDigits(reference: string): string {
  const digits = reference.replace(/[-\s]/g, '');
  if (!/^\d{1,20}$/.test(digits)) throw new RangeError('A model 97 reference is made of digits');
  return digits;
}
