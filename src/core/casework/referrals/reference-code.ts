import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read over the phone is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The code printed on a referral slip for the partner to quote back, e.g. `U-7K3M-Q9XD`
 * ("U" for uput, a referral). 40 random bits: offices make them offline without colliding.
 */
export function newReferenceCode(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 8; i += 1) {
    code = ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return `U-${code.slice(0, 4)}-${code.slice(4)}`;
}
