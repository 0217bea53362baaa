/**
 * src/renderer/src/consent — the client's consents on the profile (ZZPL): the register with each
 * consent's status, recording and withdrawing, the printable form; and the notice shown when the
 * core refuses to share a referral slip without consent (with an admin's override).
 *
 *   <ConsentCard clientId={client.id} />
 */
export { ConsentCard } from './ConsentCard';
export { ConsentRefusal } from './ConsentOverride';
export { consentProblem, isMissingConsent } from './problems';
