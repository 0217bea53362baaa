import { z } from 'zod';
import { ClientSummary, optionalDate, Sex } from '../client';
import { Id, text } from './fields';

/** Household links between clients, and a child added from a parent's record. */

/** What the other person is to this client ("child" = the linked person is this client's child). */
export const Relation = z.enum([
  'spouse',
  'partner',
  'child',
  'parent',
  'sibling',
  'grandchild',
  'grandparent',
  'other',
]);
export type Relation = z.infer<typeof Relation>;

export const INVERSE_RELATION: Readonly<Record<Relation, Relation>> = {
  spouse: 'spouse',
  partner: 'partner',
  child: 'parent',
  parent: 'child',
  sibling: 'sibling',
  grandchild: 'grandparent',
  grandparent: 'grandchild',
  other: 'other',
};

export const HouseholdLinkInput = z.object({
  clientId: Id,
  relatedClientId: Id,
  relation: Relation,
});

export const HouseholdMember = z.object({
  linkId: z.string(),
  relation: Relation,
  client: ClientSummary,
});
export type HouseholdMember = z.infer<typeof HouseholdMember>;

/** The few fields a child's record needs beyond what it takes from the parent's. */
export const ChildInput = z.object({
  givenName: z.string().trim().min(1, 'Required').max(100),
  /** Defaults to the parent's surname. */
  surname: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => (v ? v : null)),
  sex: Sex.nullish().transform((v) => v ?? null),
  birthDate: optionalDate,
  jmbg: z.string().nullish(),
  jmbgOverrideReason: text(300),
});
export type ChildInput = z.input<typeof ChildInput>;
export type ChildFields = z.output<typeof ChildInput>;
