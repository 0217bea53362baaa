import { z } from 'zod';
import {
  ClientCategory,
  ClientSummary,
  DocumentKind,
  IsoDate,
  optionalDate,
  optionalText,
  Sex,
} from './client';

/**
 * Casework (DOMAIN.md §1): the services a desk gives, the procedures it follows until the document
 * is in the client's hand, the partners it refers people to, household links, hotspot-day
 * appointments, and the counts donors ask for. These schemas are the types for the UI, the
 * contract and the core alike.
 */

export const Id = z.string().uuid('Not a valid id');

const text = optionalText; // short name: it is used on almost every field below

/** Who did it. Until accounts exist (a later issue) every entry is made by "desk". */
const Counsellor = z.string().trim().min(1).max(100);
export const DEFAULT_COUNSELLOR = 'desk';

// ── Offices ──────────────────────────────────────────────────────────────────────────────────

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const Weekday = z.number().int().min(1).max(7);

export const OfficeInput = z.object({
  name: z.string().trim().min(1, 'Required').max(100),
  city: text(100),
  /** The fixed day of the week a hotspot counsellor sits at this office; null when there is none. */
  hotspotWeekday: Weekday.nullish().transform((value) => value ?? null),
});
export type OfficeInput = z.input<typeof OfficeInput>;
export type OfficeFields = z.output<typeof OfficeInput>;

export const Office = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string().nullable(),
  hotspotWeekday: Weekday.nullable(),
  /** The office this installation works for; the migration creates it as "This office". */
  isDefault: z.boolean(),
});
export type Office = z.infer<typeof Office>;

// ── Services log ─────────────────────────────────────────────────────────────────────────────

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

// ── Procedures ───────────────────────────────────────────────────────────────────────────────

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

// ── Partners ─────────────────────────────────────────────────────────────────────────────────

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

// ── Referrals ────────────────────────────────────────────────────────────────────────────────

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

/** The client's consent to share their data with the partner (ZZPL, DOMAIN.md §6). */
export const ConsentInput = z.object({
  given: z.boolean(),
  how: z.enum(['signed', 'oral']).default('signed'),
  note: text(500),
});

export const Consent = z.object({
  given: z.boolean(),
  how: z.enum(['signed', 'oral']).nullable(),
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

// ── Household links ──────────────────────────────────────────────────────────────────────────

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

// ── Appointments ─────────────────────────────────────────────────────────────────────────────

export const AppointmentStatus = z.enum(['booked', 'attended', 'no_show', 'cancelled']);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use the form HH:MM');

export const AppointmentInput = z.object({
  clientId: Id,
  date: IsoDate,
  time: TimeOfDay.nullish().transform((v) => v ?? null),
  purpose: text(500),
  officeId: Id.nullish().transform((v) => v ?? null),
  counsellor: Counsellor.nullish().transform((v) => v ?? null),
});
export type AppointmentInput = z.input<typeof AppointmentInput>;
export type AppointmentFields = z.output<typeof AppointmentInput>;

export const Appointment = z.object({
  id: z.string(),
  clientId: z.string(),
  officeId: z.string(),
  date: IsoDate,
  time: z.string().nullable(),
  purpose: z.string().nullable(),
  status: AppointmentStatus,
  counsellor: z.string(),
  /** Whether `date` is the office's hotspot weekday. */
  onHotspotDay: z.boolean(),
  client: ClientSummary,
});
export type Appointment = z.infer<typeof Appointment>;

// ── Possible duplicates ──────────────────────────────────────────────────────────────────────

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

// ── Dashboard ────────────────────────────────────────────────────────────────────────────────

export const DeadlineItem = z.object({
  procedureId: z.string(),
  kind: ProcedureKind,
  status: ProcedureStatus,
  deadline: Deadline,
  client: ClientSummary,
});
export type DeadlineItem = z.infer<typeof DeadlineItem>;

export const MonthCounts = z.object({
  services: z.number().int(),
  consultations: z.number().int(),
  newClients: z.number().int(),
  proceduresOpened: z.number().int(),
  proceduresCompleted: z.number().int(),
  referrals: z.number().int(),
});
export type MonthCounts = z.infer<typeof MonthCounts>;

export const Dashboard = z.object({
  today: IsoDate,
  office: Office,
  isHotspotDay: z.boolean(),
  appointments: z.array(Appointment),
  /** The appointments after today until the end of this week (Sunday), by day and time. */
  weekAppointments: z.array(Appointment),
  deadlines: z.array(DeadlineItem),
  /** How many procedures have an overdue or near deadline (the list may be cut short). */
  deadlineCount: z.number().int(),
  recentClients: z.array(ClientSummary),
  month: MonthCounts,
});
export type Dashboard = z.infer<typeof Dashboard>;

// ── Reports ──────────────────────────────────────────────────────────────────────────────────

export const AgeBand = z.enum(['0-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+', 'unknown']);
export type AgeBand = z.infer<typeof AgeBand>;

const ReportPeriod = z.object({
  from: IsoDate,
  to: IsoDate,
  /** All offices when left out. */
  officeId: Id.nullish().transform((v) => v ?? null),
});
const periodInOrder = (input: { from: string; to: string }) => input.from <= input.to;
const PERIOD_ORDER = { message: 'The period ends before it starts', path: ['to'] };

export const ReportInput = ReportPeriod.strict().refine(periodInOrder, PERIOD_ORDER);
export type ReportInput = z.input<typeof ReportInput>;
export type ReportPeriodFields = z.output<typeof ReportInput>;

/** One line of a breakdown of the services log. */
export const ServiceCountRow = z.object({
  key: z.string(),
  consultations: z.number().int(),
  supporting: z.number().int(),
  total: z.number().int(),
});
export type ServiceCountRow = z.infer<typeof ServiceCountRow>;

export const Report = z.object({
  from: IsoDate,
  to: IsoDate,
  office: Office.nullable(),
  totals: z.object({
    services: z.number().int(),
    consultations: z.number().int(),
    supporting: z.number().int(),
    clientsServed: z.number().int(),
    proceduresOpened: z.number().int(),
    proceduresCompleted: z.number().int(),
    referrals: z.number().int(),
  }),
  servicesByKind: z.array(ServiceCountRow.extend({ key: ServiceKind })),
  servicesByCategory: z.array(ServiceCountRow.extend({ key: ClientCategory })),
  servicesBySex: z.array(ServiceCountRow.extend({ key: z.enum(['M', 'F', 'unknown']) })),
  servicesByAgeBand: z.array(ServiceCountRow.extend({ key: AgeBand })),
  proceduresByKind: z.array(
    z.object({
      kind: ProcedureKind,
      opened: z.number().int(),
      completed: z.number().int(),
      rejected: z.number().int(),
      abandoned: z.number().int(),
    }),
  ),
  referralsByPartnerKind: z.array(
    z.object({
      partnerKind: PartnerKind,
      /** 'pending' while the referral is not closed. */
      outcome: z.union([ReferralOutcome, z.literal('pending')]),
      count: z.number().int(),
    }),
  ),
});
export type Report = z.infer<typeof Report>;

export const ReportLanguage = z.enum(['sr-Latn', 'sr-Cyrl', 'en']);
export type ReportLanguage = z.infer<typeof ReportLanguage>;

export const ExportFormat = z.enum(['csv', 'xlsx', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ReportExportInput = ReportPeriod.extend({
  format: ExportFormat,
  /** The language of the labels in the file. */
  language: ReportLanguage.default('sr-Latn'),
})
  .strict()
  .refine(periodInOrder, PERIOD_ORDER);
export type ReportExportInput = z.input<typeof ReportExportInput>;
export type ReportExportFields = z.output<typeof ReportExportInput>;

/** A file made by the core for the UI to save or print. */
export const FileOut = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  contentBase64: z.string(),
});
export type FileOut = z.infer<typeof FileOut>;
