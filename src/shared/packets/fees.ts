import { z } from 'zod';
import { IsoDate } from '../client';
import { checkAccount } from '../payment/account';
import { isValidModel97 } from '../payment/model97';
import { parseAmount } from '../payment/money';

/**
 * The fee schedule (resources/packets/fees.json, then what admins enter): a versioned table, one
 * row per version of a fee with the date it takes effect, checked so that whatever is entered can
 * be printed on a payment slip and carried by its IPS QR code.
 */

const noPipe = (value: string) => !value.includes('|');
const NO_PIPE = 'The character | cannot appear on a payment slip';
/** What the IPS QR code cannot carry (NBS rules): control characters, line breaks, emoji and the like. */
// eslint-disable-next-line no-control-regex
const printable = (value: string) => !/[\u0000-\u001f\u007f]|[\u{10000}-\u{10FFFF}]/u.test(value);
const NOT_PRINTABLE = 'Line breaks, control characters and emoji cannot appear on a payment slip';

/** A payee's account as typed (checked, any printed form), or null when left blank. */
export const OptionalAccount = z
  .string()
  .nullish()
  .transform((value) => (value?.trim() ? value.trim() : null))
  .superRefine((value, ctx) => {
    if (value === null) return;
    const check = checkAccount(value);
    if (!check.valid) ctx.addIssue({ code: 'custom', message: check.message });
  });

/** A fee as an admin enters it (and as `resources/packets/fees.json` holds it). */
export const FeeEntryInput = z
  .object({
    /** Which fee this is a version of, e.g. `residence-registration`. */
    key: z.string().regex(/^[a-z0-9-]+$/, 'Lower-case letters, digits and dashes'),
    /** How staff recognise it in Settings and on the cover, in Cyrillic. */
    label: z.string().trim().min(1, 'Required').max(120),
    /** Payee as printed on the slip and in the QR code. */
    recipient: z
      .string()
      .trim()
      .min(1, 'Required')
      .max(70, 'At most 70 characters')
      .refine(noPipe, NO_PIPE)
      .refine(printable, NOT_PRINTABLE),
    purpose: z
      .string()
      .trim()
      .min(1, 'Required')
      .max(35, 'At most 35 characters')
      .refine(noPipe, NO_PIPE)
      .refine(printable, NOT_PRINTABLE),
    amount: z
      .string()
      .trim()
      .refine((value) => (parseAmount(value) ?? 0) > 0, 'Use an amount such as 380,00'),
    /** The payee's account; empty when it is the office's police administration's (`accountSource`). */
    account: OptionalAccount,
    /**
     * `entry`: the account above. `police-administration`: the Ministry of the Interior's account of
     * the client's police administration, which differs by administration (the ID-card production
     * cost): the office enters it in setup or Settings.
     */
    accountSource: z.enum(['entry', 'police-administration']).default('entry'),
    /**
     * Whose municipality code a model-97 reference uses: the client's residence for a police
     * procedure, the registry office's municipality for extracts and certificates.
     */
    codeFrom: z.enum(['residence', 'registry-office']).default('residence'),
    /** The last two digits of the payment code (53 = public revenue); 1 or 2 is put in front. */
    paymentBasis: z.string().regex(/^\d{2}$/, 'Two digits, e.g. 53'),
    /** `97`, or empty for no model. */
    model: z.string().regex(/^(\d{2})?$/, 'Two digits, e.g. 97, or empty'),
    /** `municipality`: model 97 over the code of the client's municipality; `fixed`: `reference` as is. */
    referenceKind: z.enum(['municipality', 'fixed', 'none']),
    reference: z
      .string()
      .trim()
      .regex(/^\d{0,33}$/, 'Digits only, at most 33')
      .nullish()
      .transform((value) => (value ? value : null)),
    effectiveFrom: IsoDate,
    /** Where the amount and account come from; amounts change every year. */
    source: z.string().trim().min(1, 'Say where this comes from').max(1000),
    /** Still to be checked against a current official source (DOMAIN.md marks these "verify"). */
    verify: z.boolean().default(false),
  })
  .strict()
  .refine((fee) => fee.accountSource !== 'entry' || fee.account !== null, {
    message: 'Enter the account',
    path: ['account'],
  })
  .refine((fee) => fee.referenceKind !== 'fixed' || fee.reference !== null, {
    message: 'A fixed reference needs its digits',
    path: ['reference'],
  })
  .refine((fee) => fee.referenceKind !== 'municipality' || fee.model === '97', {
    message: 'A reference built from the municipality code uses model 97',
    path: ['model'],
  })
  // The QR code's RO holds 35 characters: the model (or 00 without one) and the reference; a
  // fixed model-97 reference must carry its own right control digits.
  .refine(
    (fee) =>
      fee.model !== '97' ||
      fee.referenceKind !== 'fixed' ||
      (fee.reference !== null && isValidModel97(fee.reference)),
    { message: 'The model 97 control digits of this reference are wrong', path: ['reference'] },
  );
export type FeeEntryInput = z.input<typeof FeeEntryInput>;
export type FeeEntryFields = z.output<typeof FeeEntryInput>;

export const FeeEntry = z.object({
  id: z.string(),
  key: z.string(),
  label: z.string(),
  recipient: z.string(),
  purpose: z.string(),
  amountPara: z.number().int(),
  /** 18 digits; null when the account is the police administration's (`accountSource`). */
  account: z.string().nullable(),
  accountSource: z.enum(['entry', 'police-administration']),
  codeFrom: z.enum(['residence', 'registry-office']),
  paymentBasis: z.string(),
  model: z.string(),
  referenceKind: z.enum(['municipality', 'fixed', 'none']),
  reference: z.string().nullable(),
  effectiveFrom: z.string(),
  source: z.string(),
  verify: z.boolean(),
  /** Shipped in `resources/` rather than entered by an admin. */
  seeded: z.boolean(),
  /** The version in force today (later versions may already be scheduled). */
  current: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FeeEntry = z.infer<typeof FeeEntry>;
