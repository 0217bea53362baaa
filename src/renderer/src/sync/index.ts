/**
 * The sync screens: `SyncPanel` (Settings → server, enrolment, Sync button, status), `ConflictsPage`
 * (`#/sync/conflicts`, both values side by side to settle) and `TransferClient` (on a client's
 * profile). They talk to the core only through `api` (sync.* calls).
 */
export { BehindNotice, SyncBehindNotice } from './BehindNotice';
export { ConflictsPage } from './ConflictsPage';
export { EnrolFields, type EnrolValues } from './EnrolFields';
export { CONFLICTS_PATH, SyncPanel } from './SyncPanel';
export { TransferClient } from './TransferClient';
