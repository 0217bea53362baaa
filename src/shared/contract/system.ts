import { z } from 'zod';
import { IsoDate } from '../client';
import { defineCalls } from './define';

export const SystemInfo = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  dataDir: z.string(),
  databaseFile: z.string(),
  clientCount: z.number().int(),
});

export const SystemCheck = z.object({
  ok: z.boolean(),
  integrity: z.array(z.string()),
  foreignKeyProblems: z.number().int(),
  schemaVersion: z.number().int(),
  latestSchemaVersion: z.number().int(),
  journalMode: z.string(),
});
export type SystemCheck = z.infer<typeof SystemCheck>;

export const AboutInfo = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  latestSchemaVersion: z.number().int(),
  /** The packet procedures and document templates with their versions (as the print log names them). */
  templates: z.array(z.object({ id: z.string(), version: z.number().int() })),
});
export type AboutInfo = z.infer<typeof AboutInfo>;

export const UpdateFeed = z.object({
  /** `<sync server>/updates/`, or null while this PC is not enrolled with a server. */
  feedUrl: z.string().nullable(),
  /** An admin postponed installing updates until the end of this day (YYYY-MM-DD). */
  postponedUntil: IsoDate.nullable(),
});
export type UpdateFeed = z.infer<typeof UpdateFeed>;

export const systemCalls = defineCalls({
  'system.info': {
    summary: 'Versions and where the data lives',
    input: z.object({}).strict(),
    output: SystemInfo,
  },
  'system.check': {
    summary: 'Database integrity and migration status',
    input: z.object({}).strict(),
    output: SystemCheck,
  },
  'system.about': {
    summary: 'Versions for the About box and support calls: app, database schema, packet templates',
    input: z.object({}).strict(),
    output: AboutInfo,
  },
  'updates.feed': {
    summary:
      "Where this PC looks for new versions (its sync server's /updates/) and whether installing is postponed",
    input: z.object({}).strict(),
    output: UpdateFeed,
  },
  'updates.postpone': {
    summary:
      'Postpone installing updates on this PC until the end of a day, or lift the postponement (admin)',
    input: z.object({ until: IsoDate.nullable() }).strict(),
    output: UpdateFeed,
  },
});
