import type { FeeEntry, FeeEntryInput, Municipality, MunicipalityInput } from '../../../shared/packets';
import { FeeEntryInput as FeeSchema, MunicipalityInput as MunicipalitySchema } from '../../../shared/packets';
import { checkAccount, formatAccount } from '../../../shared/payment/account';
import { formatAmount } from '../../../shared/payment/money';
import type { Problem } from '../ui/problems';

/**
 * The Settings forms for fees and municipality codes: drafts as the inputs hold them, and their
 * checks as translated problems, with the same schemas the core applies when it saves.
 */

export interface FeeDraft {
  key: string;
  label: string;
  recipient: string;
  purpose: string;
  amount: string;
  account: string;
  /** Kept from the version it starts from: the police administration's account or the entry's. */
  accountSource: FeeEntry['accountSource'];
  codeFrom: FeeEntry['codeFrom'];
  paymentBasis: string;
  model: string;
  referenceKind: FeeEntry['referenceKind'];
  reference: string;
  effectiveFrom: string;
  source: string;
  verify: boolean;
}

/** A new version of `entry`, in force from `today` unless the admin changes the date. */
export function feeDraftFrom(entry: FeeEntry, today: string): FeeDraft {
  return {
    key: entry.key,
    label: entry.label,
    recipient: entry.recipient,
    purpose: entry.purpose,
    amount: formatAmount(entry.amountPara),
    account: entry.account ? formatAccount(entry.account) : '',
    accountSource: entry.accountSource,
    codeFrom: entry.codeFrom,
    paymentBasis: entry.paymentBasis,
    model: entry.model,
    referenceKind: entry.referenceKind,
    reference: entry.reference ?? '',
    effectiveFrom: today,
    source: '',
    verify: false,
  };
}

const MESSAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Required$/, 'errors:field.required'],
  [/^At most (\d+) characters$/, 'packets:validation.tooLong'],
  [/^The character \| cannot/, 'packets:validation.pipe'],
  [/^Use an amount such as/, 'packets:validation.amount'],
  [/^Two digits, e\.g\. 53$/, 'packets:validation.paymentBasis'],
  [/^Two digits, e\.g\. 97, or empty$/, 'packets:validation.model'],
  [/^Digits only/, 'packets:validation.digits'],
  [/^Say where this comes from$/, 'packets:validation.source'],
  [/^A fixed reference needs/, 'packets:validation.fixedReference'],
  [/^A reference built from the municipality code uses model 97$/, 'packets:validation.municipalityModel'],
  [/^Three digits, e\.g\. 019$/, 'packets:validation.municipalityCode'],
  [/^Use the form YYYY-MM-DD$/, 'errors:field.dateFormat'],
  [/^Not a real date$/, 'errors:field.notARealDate'],
  [/^Lower-case letters, digits and dashes$/, 'packets:validation.key'],
];

function problemOf(message: string): Problem {
  for (const [pattern, key] of MESSAGES) {
    const match = pattern.exec(message);
    if (match) return { key, values: match[1] ? { count: Number(match[1]) } : {} };
  }
  return { key: 'errors:field.invalid', raw: message };
}

export type DraftProblems = Record<string, Problem>;

export function checkFeeDraft(
  draft: FeeDraft,
): { ok: true; input: FeeEntryInput } | { ok: false; problems: DraftProblems } {
  const input: FeeEntryInput = { ...draft, reference: draft.reference === '' ? null : draft.reference };
  const parsed = FeeSchema.safeParse(input);
  if (parsed.success) return { ok: true, input };
  const problems: DraftProblems = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'key');
    problems[field] ??= problemOf(issue.message);
  }
  // The account's message says which control digits would be right, in the UI's language.
  const account = checkAccount(draft.account);
  if (!account.valid) {
    problems.account =
      account.problem === 'format'
        ? { key: 'packets:validation.accountFormat' }
        : {
            key: 'packets:validation.accountControl',
            values: { expected: /(\d{2})$/.exec(account.message)?.[1] ?? '' },
          };
  }
  return { ok: false, problems };
}

export type MunicipalityDraft = {
  name: string;
  nameCyrl: string;
  city: string;
  code: string;
  effectiveFrom: string;
  source: string;
  verify: boolean;
};

export function municipalityDraftFrom(entry: Municipality | null, today: string): MunicipalityDraft {
  return {
    name: entry?.name ?? '',
    nameCyrl: entry?.nameCyrl ?? '',
    city: entry?.city ?? '',
    code: entry?.code ?? '',
    effectiveFrom: today,
    source: '',
    verify: false,
  };
}

export function checkMunicipalityDraft(
  draft: MunicipalityDraft,
): { ok: true; input: MunicipalityInput } | { ok: false; problems: DraftProblems } {
  const input: MunicipalityInput = { ...draft, city: draft.city || null, code: draft.code || null };
  const parsed = MunicipalitySchema.safeParse(input);
  if (parsed.success) return { ok: true, input };
  const problems: DraftProblems = {};
  for (const issue of parsed.error.issues)
    problems[String(issue.path[0] ?? 'name')] ??= problemOf(issue.message);
  return { ok: false, problems };
}
