/**
 * src/core/updates — where this PC looks for new versions of the desktop app (the enrolled sync
 * server's `/updates/`) and an admin's postponement of installing them. Imports `src/shared`,
 * the sync state and the office settings.
 */
export { MAX_POSTPONE_DAYS, updatesHandlers } from './handlers';
