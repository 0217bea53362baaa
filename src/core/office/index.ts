/**
 * src/core/office — the office profile: its name and city (this office's casework row), its
 * municipality and model-97 code, the script of new clients' packets, and whether the first-run
 * wizard still has steps to show. Imports `src/shared`, casework's offices and the packets'
 * municipality codes. `createCore` builds the profile once and hands it to these calls and to
 * security's first-run setup.
 */
export { officeHandlers } from './handlers';
export { createOfficeProfile, type OfficeProfileStore } from './profile';
