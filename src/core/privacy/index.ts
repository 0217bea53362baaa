export { privacyHandlers } from './handlers';
export { eraseClient, ERASED } from './erase';
export { gatherDossier, type Dossier } from './dossier';
