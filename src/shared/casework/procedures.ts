import { z } from 'zod';
import { DocumentKind, IsoDate, optionalDate } from '../client';
import { Counsellor, Id, text } from './fields';

/** Procedures: what a desk follows until the document is in the client's hand, with their deadlines. */

export const ProcedureStatus = z.enum([
  'open',
  'documents_gathering',
  'submitted',
  'completed',
  'rejected',
  'abandoned',
]);
export type ProcedureStatus = z.infer<typeof ProcedureStatus>;

/** The allowed moves; anything else is refused and changes nothing. */
export const PROCEDURE_TRANSITIONS: Readonly<Record<ProcedureStatus, readonly ProcedureStatus[]>> = {
  open: ['documents_gathering', 'submitted', 'abandoned'],
  documents_gathering: ['submitted', 'abandoned'],
  // The office may ask for more documents after a submission.
  submitted: ['completed', 'rejected', 'documents_gathering'],
  completed: [],
  rejected: [],
  abandoned: [],
};
export const CLOSED_STATUSES: ReadonlySet<ProcedureStatus> = new Set(['completed', 'rejected', 'abandoned']);

/** A date a procedure rule counts from: a date on the procedure or on one of the client's documents. */
const DeadlineSource = z.union([
  z.object({ field: z.enum(['settledOn', 'submittedOn', 'openedOn']) }),
  z.object({ document: DocumentKind, date: z.enum(['issuedOn', 'expiresOn']) }),
]);

export const DeadlineKey = z.enum([
  'residence_registration_due', // register within 8 days of settling
  'citizenship_certificate_expires', // the certificate must not be older than 6 months
  'id_card_ready', // about 15 days after submitting
  'health_card_expires', // the health card's validity on the record
]);
export type DeadlineKey = z.infer<typeof DeadlineKey>;

const DeadlineRule = z.object({
  key: DeadlineKey,
  from: DeadlineSource,
  add: z.object({ days: z.number().int().default(0), months: z.number().int().default(0) }),
  /** The statuses in which the deadline matters (e.g. the residence deadline is met once submitted). */
  while: z.array(ProcedureStatus),
});
export type DeadlineRule = z.output<typeof DeadlineRule>;

const ProcedureKindDefinition = z.object({
  /** Checklist items, in order; labels live in the UI's translations under `step.<key>`. */
  steps: z.array(z.string().regex(/^[a-z_]+$/)),
  deadlines: z.array(DeadlineRule),
});

/**
 * The kinds of procedure a desk follows and what each involves, as data: a new kind is a new entry
 * here and its labels, with no schema change (the database keeps the kind as text).
 */
export const ProcedureKind = z.enum(['residence_registration', 'id_card', 'health_insurance']);
export type ProcedureKind = z.infer<typeof ProcedureKind>;

export const PROCEDURE_KINDS = z.record(ProcedureKind, ProcedureKindDefinition).parse({
  residence_registration: {
    steps: ['owner_consent', 'dwelling_proof', 'fee_paid', 'form_filled', 'filed_at_police'],
    deadlines: [
      {
        key: 'residence_registration_due',
        from: { field: 'settledOn' },
        add: { days: 8 },
        while: ['open', 'documents_gathering'],
      },
    ],
  },
  id_card: {
    steps: [
      'birth_extract',
      'citizenship_certificate',
      'fee_slips_paid',
      'photo_appointment',
      'card_collected',
    ],
    deadlines: [
      {
        key: 'citizenship_certificate_expires',
        from: { document: 'citizenship_certificate', date: 'issuedOn' },
        add: { months: 6 },
        while: ['open', 'documents_gathering'],
      },
      { key: 'id_card_ready', from: { field: 'submittedOn' }, add: { days: 15 }, while: ['submitted'] },
    ],
  },
  health_insurance: {
    steps: ['basis_chosen', 'evidence_gathered', 'statements_signed', 'filed_at_rfzo', 'card_received'],
    deadlines: [
      {
        key: 'health_card_expires',
        from: { document: 'health_card', date: 'expiresOn' },
        add: {},
        while: ['open', 'documents_gathering', 'submitted'],
      },
    ],
  },
});

/** How close a deadline is: past it, within `DEADLINE_SOON_DAYS`, or later. */
export const DeadlineState = z.enum(['overdue', 'soon', 'later']);
export const DEADLINE_SOON_DAYS = 7;

export const Deadline = z.object({
  key: DeadlineKey,
  dueOn: IsoDate,
  state: DeadlineState,
  /** Days from today to `dueOn`; negative when overdue. */
  daysLeft: z.number().int(),
});
export type Deadline = z.infer<typeof Deadline>;

export const ProcedureStep = z.object({ key: z.string(), done: z.boolean(), doneOn: IsoDate.nullable() });

export const PrintedPacket = z.object({ packetId: z.string(), printedAt: z.string() });

export const Procedure = z.object({
  id: z.string(),
  clientId: z.string(),
  officeId: z.string(),
  kind: ProcedureKind,
  status: ProcedureStatus,
  counsellor: z.string(),
  openedOn: IsoDate,
  /** Residence registration: the day the person settled at the new address. */
  settledOn: IsoDate.nullable(),
  submittedOn: IsoDate.nullable(),
  closedOn: IsoDate.nullable(),
  note: z.string().nullable(),
  steps: z.array(ProcedureStep),
  deadlines: z.array(Deadline),
  packets: z.array(PrintedPacket),
  history: z.array(
    z.object({
      from: ProcedureStatus.nullable(),
      to: ProcedureStatus,
      on: IsoDate,
      note: z.string().nullable(),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Procedure = z.infer<typeof Procedure>;

export const ProcedureOpenInput = z.object({
  clientId: Id,
  kind: ProcedureKind,
  settledOn: optionalDate,
  /** Defaults to today. */
  openedOn: optionalDate,
  note: text(2000),
  officeId: Id.nullish().transform((v) => v ?? null),
  counsellor: Counsellor.nullish().transform((v) => v ?? null),
});
export type ProcedureOpenInput = z.input<typeof ProcedureOpenInput>;
export type ProcedureOpenFields = z.output<typeof ProcedureOpenInput>;

export const ProcedureAdvanceInput = z.object({
  id: Id,
  to: ProcedureStatus,
  /** The day it happened (e.g. the day of submission); defaults to today. */
  on: optionalDate,
  note: text(2000),
});
export type ProcedureAdvanceInput = z.input<typeof ProcedureAdvanceInput>;
export type ProcedureAdvanceFields = z.output<typeof ProcedureAdvanceInput>;

export const ProcedureUpdateInput = z.object({
  id: Id,
  settledOn: optionalDate.optional(),
  counsellor: Counsellor.optional(),
  note: text(2000).optional(),
  /** Ticks or unticks checklist items by key. */
  steps: z.record(z.string(), z.boolean()).optional(),
});
export type ProcedureUpdateInput = z.input<typeof ProcedureUpdateInput>;
export type ProcedureUpdateFields = z.output<typeof ProcedureUpdateInput>;
