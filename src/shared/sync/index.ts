/**
 * src/shared/sync — the facts of sync both ends share (DESIGN.md §3): which tables sync and how
 * (`registry.ts`), "the later stamp wins" for the server's rows and a device's pulled changes
 * (`merge.ts`), and what the server can store (`text.ts`, `values.ts`). Pure; imports nothing of ours outside
 * src/shared. The wire protocol's schemas are beside this folder, in src/shared/sync.ts, which
 * re-exports the registry and the merge (so `../shared/sync` reaches them too); `values.ts` is
 * imported by file, as it needs the protocol's limits.
 */
export * from './merge';
export * from './registry';
export * from './text';
export * from './values';
