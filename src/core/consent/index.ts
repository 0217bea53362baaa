/**
 * src/core/consent — the consent register (ZZPL, DOMAIN.md §6): consents per purpose with the
 * day, how and until when; withdrawals; the printable consent form. The referral slip asks it
 * whether sharing with a partner is allowed: `createCore` builds the register once and hands it
 * to casework's referrals. Imports `src/shared`, the client registry and casework (partners,
 * offices and the PDF font for the form).
 */
export { consentHandlers } from './handlers';
export { createConsentService, type ConsentService } from './service';
