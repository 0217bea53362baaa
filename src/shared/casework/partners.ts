import { z } from 'zod';
import { text } from './fields';

/** Partners: the organisations a desk refers people to. */

export const PartnerKind = z.enum([
  'csr', // Centar za socijalni rad, the Centre for Social Work
  'kirs_trustee', // a local trustee of the Commissariat for Refugees and Migration
  'local_self_government',
  'roma_coordinator',
  'health_mediator',
  'pedagogical_assistant',
  'police_administration', // MUP
  'rfzo_branch', // the Republic Health Insurance Fund
  'registry_office', // matična služba
  'adult_education_school',
  'ngo',
  'employer',
]);
export type PartnerKind = z.infer<typeof PartnerKind>;

export const PartnerInput = z.object({
  city: z.string().trim().min(1, 'Required').max(100),
  kind: PartnerKind,
  name: z.string().trim().min(1, 'Required').max(200),
  address: text(300),
  contact: text(300),
  notes: text(2000),
  /** Seeded example entries stay marked until the office has checked them. */
  isExample: z.boolean().default(false),
});
export type PartnerInput = z.input<typeof PartnerInput>;
export type PartnerFields = z.output<typeof PartnerInput>;

export const Partner = z.object({
  id: z.string(),
  city: z.string(),
  kind: PartnerKind,
  name: z.string(),
  address: z.string().nullable(),
  contact: z.string().nullable(),
  notes: z.string().nullable(),
  isExample: z.boolean(),
  updatedAt: z.string(),
});
export type Partner = z.infer<typeof Partner>;
