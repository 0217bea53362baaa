import { z } from 'zod';
import { optionalDate, IsoDate } from '../client';
import { Counsellor, Id, text } from './fields';

/** The services log: what a desk did for a client on a day, counted for donors. */

export const ServiceKind = z.enum([
  'information',
  'counselling',
  'document_assistance',
  'employment_career',
  'regular_migration', // counselling on regular labour migration (e.g. to Germany)
  'psychosocial',
  'housing',
  'other',
]);
export type ServiceKind = z.infer<typeof ServiceKind>;

/**
 * Donors count consultations and individual supporting services separately (DOMAIN.md §1).
 * Talking a person through their options is a consultation; doing something for them is a service.
 */
export const CONSULTATION_KINDS: ReadonlySet<ServiceKind> = new Set([
  'information',
  'counselling',
  'regular_migration',
  'employment_career',
]);
export const isConsultation = (kind: ServiceKind): boolean => CONSULTATION_KINDS.has(kind);

/** The kinds the client profile offers as one-click buttons. */
export const COMMON_SERVICE_KINDS: readonly ServiceKind[] = [
  'information',
  'counselling',
  'document_assistance',
  'regular_migration',
];

export const ServiceEntryInput = z.object({
  clientId: Id,
  kind: ServiceKind,
  /** Defaults to today. */
  servedOn: optionalDate,
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .nullish()
    .transform((v) => v ?? null),
  note: text(2000),
  /** Defaults to this office. */
  officeId: Id.nullish().transform((v) => v ?? null),
  counsellor: Counsellor.nullish().transform((v) => v ?? null),
});
export type ServiceEntryInput = z.input<typeof ServiceEntryInput>;
export type ServiceEntryFields = z.output<typeof ServiceEntryInput>;

export const ServiceEntry = z.object({
  id: z.string(),
  clientId: z.string(),
  officeId: z.string(),
  kind: ServiceKind,
  servedOn: IsoDate,
  durationMinutes: z.number().int().nullable(),
  note: z.string().nullable(),
  counsellor: z.string(),
  createdAt: z.string(),
});
export type ServiceEntry = z.infer<typeof ServiceEntry>;
