/**
 * src/server — the central sync server (DESIGN.md §3): Fastify over HTTP, offices, device
 * enrolment, per-device tokens, the sync log with field-level last-writer-wins. Storage is PGlite
 * (embedded, a data folder) or PostgreSQL (`DATABASE_URL`) behind one interface and the same SQL.
 * Imports `src/shared` only; it never imports the desk app's core.
 *
 * `npm run server -- [--port N] [--data DIR] [--host ADDR]` runs `main.ts`; the admin functions are
 * in `admin.ts` (the CLI's `server …` commands call them).
 */
export * from './admin';
export { buildSyncServer, listen, type RunningServer, type SyncServerOptions } from './app';
export { openStorage, type Queryable, type Storage, type StorageOptions } from './storage';
