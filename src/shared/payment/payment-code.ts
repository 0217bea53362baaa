/**
 * Payment codes (šifra plaćanja, DOMAIN.md §3): three digits, the first saying how the money
 * moves (1 cash, 2 non-cash) and the last two the basis of the payment (53 = public revenue).
 * A fee stores only its basis; the slip and the QR code each add the digit that fits them.
 */

/** The code printed on the paper slip, which the client pays in cash at a post office or bank. */
export function cashPaymentCode(basis: string): string {
  return `1${basis}`;
}

/** The code in the QR code: scanning it starts a transfer from the payer's account, so non-cash. */
export function nonCashPaymentCode(basis: string): string {
  return `2${basis}`;
}
