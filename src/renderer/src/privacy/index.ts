/** A person's data rights on their profile: export everything, and erasure for admins. */
export { PrivacyActions } from './PrivacyActions';
