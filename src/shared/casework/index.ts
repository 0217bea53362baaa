/**
 * src/shared/casework — casework's schemas (DOMAIN.md §1): the services a desk gives, the
 * procedures it follows until the document is in the client's hand, the partners it refers people
 * to, household links, hotspot-day appointments, and the counts donors ask for. These schemas are
 * the types for the UI, the contract and the core alike.
 *
 * One file per part, mirroring src/core/casework/*: offices, service-log, procedures, partners,
 * referrals, household, appointments, duplicates, dashboard, reports; `fields.ts` holds what they
 * share. Import from here (`shared/casework`), not from a file inside.
 */
export { DEFAULT_COUNSELLOR, FileOut, Id } from './fields';
export * from './offices';
export * from './service-log';
export * from './procedures';
export * from './partners';
export * from './referrals';
export * from './household';
export * from './appointments';
export * from './duplicates';
export * from './dashboard';
export * from './reports';
