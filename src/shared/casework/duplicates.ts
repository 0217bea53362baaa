import { z } from 'zod';
import { ClientSummary, optionalDate } from '../client';
import { Id } from './fields';

/** Possible duplicates of a record being typed. */

export const DuplicateQuery = z.object({
  surname: z.string().max(100).default(''),
  givenName: z.string().max(100).default(''),
  birthDate: optionalDate,
  jmbg: z.string().max(20).nullish(),
  /** The record being edited, so it is not reported as its own duplicate. */
  excludeId: Id.nullish(),
});
export type DuplicateQuery = z.input<typeof DuplicateQuery>;
export type DuplicateQueryFields = z.output<typeof DuplicateQuery>;

export const DuplicateReason = z.enum(['same_jmbg', 'similar_name_same_birth_date']);

export const PossibleDuplicate = z.object({
  client: ClientSummary,
  reasons: z.array(DuplicateReason),
});
export type PossibleDuplicate = z.infer<typeof PossibleDuplicate>;
