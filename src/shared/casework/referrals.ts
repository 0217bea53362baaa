import { z } from 'zod';
import { IsoDate, optionalDate } from '../client';
import { ConsentMethod } from '../consent';
import { Counsellor, Id, text } from './fields';
import { Partner } from './partners';

/** Referrals to partners, with the client's consent to share their data. */

export const ReferralStatus = z.enum(['sent', 'in_progress', 'closed']);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

export const ReferralOutcome = z.enum([
  'resolved',
  'partly_resolved',
  'not_resolved',
  'declined_by_partner',
  'client_did_not_go',
]);
export type ReferralOutcome = z.infer<typeof ReferralOutcome>;

/**
 * The client's consent to share their data with the partner (ZZPL, DOMAIN.md §6), as the referral
 * form's box records it. How it was given is the consent register's `ConsentMethod`
 * (shared/consent.ts): one list, so a consent given in writing reads so on the slip.
 */
export const ConsentInput = z.object({
  given: z.boolean(),
  how: ConsentMethod.default('signed'),
  note: text(500),
});

export const Consent = z.object({
  given: z.boolean(),
  how: ConsentMethod.nullable(),
  note: z.string().nullable(),
  recordedAt: z.string().nullable(),
});
export type Consent = z.infer<typeof Consent>;

export const ReferralInput = z.object({
  clientId: Id,
  partnerId: Id,
  reason: z.string().trim().min(1, 'Say why the client is referred').max(2000),
  referredOn: optionalDate,
  consent: ConsentInput.nullish().transform((v) => v ?? null),
  officeId: Id.nullish().transform((v) => v ?? null),
  counsellor: Counsellor.nullish().transform((v) => v ?? null),
});
export type ReferralInput = z.input<typeof ReferralInput>;
export type ReferralFields = z.output<typeof ReferralInput>;

export const ReferralUpdateInput = z.object({
  id: Id,
  consent: ConsentInput.optional(),
  status: ReferralStatus.optional(),
  /** Required when closing. */
  outcome: ReferralOutcome.nullish(),
  outcomeNote: text(2000).optional(),
});
export type ReferralUpdateInput = z.input<typeof ReferralUpdateInput>;
export type ReferralUpdateFields = z.output<typeof ReferralUpdateInput>;

export const Referral = z.object({
  id: z.string(),
  clientId: z.string(),
  officeId: z.string(),
  partner: Partner,
  /** The code the partner quotes back, e.g. U-7K3M-Q9XD. */
  referenceCode: z.string(),
  reason: z.string(),
  referredOn: IsoDate,
  counsellor: z.string(),
  consent: Consent,
  status: ReferralStatus,
  outcome: ReferralOutcome.nullable(),
  outcomeNote: z.string().nullable(),
  closedOn: IsoDate.nullable(),
  slipPrintedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Referral = z.infer<typeof Referral>;
