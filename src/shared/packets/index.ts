/**
 * src/shared/packets — document packets (DOMAIN.md §2–§3): what a procedure needs is data under
 * `resources/packets/` (procedure files, one template file per document, the fee schedule, the
 * municipality codes), checked by these schemas when loaded and when an admin edits fees or codes.
 * They are also the types of the packet calls in the contract. Imports zod and `src/shared` only.
 *
 * - procedures.ts: the procedures and the variants templates and options choose between
 * - templates.ts: the template language (documents, blocks, bind paths, `when` conditions)
 * - fees.ts, municipalities.ts: the two versioned tables (a row per version, effective from a date)
 * - options.ts, preflight.ts: what the counsellor chooses for a packet, and what is checked before it prints
 * - office.ts: the office's police and registry offices, for packets
 * - records.ts: printed packets as the packet log keeps them
 */
export * from './procedures';
export * from './templates';
export * from './fees';
export * from './municipalities';
export * from './options';
export * from './preflight';
export * from './office';
export * from './records';
