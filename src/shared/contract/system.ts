import { z } from 'zod';
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
});
