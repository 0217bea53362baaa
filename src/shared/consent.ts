import { z } from 'zod';
import { IsoDate, optionalDate, optionalText } from './client';

/**
 * Consent (ZZPL, DOMAIN.md §6): what a client agreed to, per purpose — the office processing
 * their data, or the office sharing it with one named partner for a referral — with the day it
 * was given, how, and until when. A withdrawal is recorded on the consent, never by deleting it.
 */

const Id = z.string().uuid('Not a valid id');

export const ConsentPurpose = z.enum(['processing', 'sharing']);
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

export const ConsentMethod = z.enum(['signed', 'oral', 'written']);
export type ConsentMethod = z.infer<typeof ConsentMethod>;

/** A consent on a given day: in force, withdrawn by the client, or past its expiry. */
export const ConsentStatus = z.enum(['active', 'withdrawn', 'expired']);
export type ConsentStatus = z.infer<typeof ConsentStatus>;

const partnerRule = {
  check: (value: { purpose: ConsentPurpose; partnerId: string | null }) =>
    value.purpose === 'sharing' ? value.partnerId !== null : value.partnerId === null,
  message: {
    message: 'Sharing consent names the partner; processing consent names none',
    path: ['partnerId'],
  },
};

export const ConsentRecordInput = z
  .object({
    clientId: Id,
    purpose: ConsentPurpose,
    /** The partner the client agreed to share with; required for sharing, absent for processing. */
    partnerId: Id.nullish().transform((v) => v ?? null),
    givenOn: IsoDate,
    method: ConsentMethod,
    /** The last day the consent holds; null when it does not expire. */
    expiresOn: optionalDate,
  })
  .strict()
  .refine(partnerRule.check, partnerRule.message)
  .refine((v) => v.expiresOn === null || v.expiresOn >= v.givenOn, {
    message: 'Expires before it was given',
    path: ['expiresOn'],
  });
export type ConsentRecordInput = z.input<typeof ConsentRecordInput>;
export type ConsentRecordFields = z.output<typeof ConsentRecordInput>;

export const ConsentWithdrawInput = z
  .object({
    id: Id,
    /** Defaults to today. */
    withdrawnOn: optionalDate,
    note: optionalText(500),
  })
  .strict();
export type ConsentWithdrawInput = z.input<typeof ConsentWithdrawInput>;

export const ConsentFormInput = z
  .object({
    clientId: Id,
    purpose: ConsentPurpose,
    partnerId: Id.nullish().transform((v) => v ?? null),
  })
  .strict()
  .refine(partnerRule.check, partnerRule.message);
export type ConsentFormInput = z.input<typeof ConsentFormInput>;

export const ConsentRecord = z.object({
  id: z.string(),
  clientId: z.string(),
  purpose: ConsentPurpose,
  partner: z.object({ id: z.string(), name: z.string(), city: z.string() }).nullable(),
  givenOn: IsoDate,
  method: ConsentMethod,
  expiresOn: IsoDate.nullable(),
  withdrawnOn: IsoDate.nullable(),
  withdrawnNote: z.string().nullable(),
  recordedBy: z.string(),
  /** As of today in the office's calendar. */
  status: ConsentStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

/** Whether a consent holds on `day`: given by then, not withdrawn by then, not expired before it. */
export function consentStatusOn(
  consent: Pick<ConsentRecord, 'givenOn' | 'expiresOn' | 'withdrawnOn'>,
  day: string,
): ConsentStatus {
  if (consent.withdrawnOn !== null && consent.withdrawnOn <= day) return 'withdrawn';
  if (consent.expiresOn !== null && consent.expiresOn < day) return 'expired';
  return 'active';
}
