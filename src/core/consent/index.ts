/**
 * src/core/consent — the consent register (ZZPL, DOMAIN.md §6): consents per purpose with the
 * day, how and until when; withdrawals; the printable consent form. The referral slip asks it
 * whether sharing with a partner is allowed.
 */
export { consentHandlers } from './handlers';
export { consentOf, type ConsentService } from './service';
