/** A person's data rights on their profile: export everything, and erasure for admins. */
export { usePrivacyActions } from './PrivacyActions';
