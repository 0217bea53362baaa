import { z } from 'zod';
import {
  Appointment,
  AppointmentInput,
  ChildInput,
  Dashboard,
  DuplicateQuery,
  FileOut,
  HouseholdLinkInput,
  HouseholdMember,
  Id,
  Office,
  OfficeInput,
  Partner,
  PartnerInput,
  PartnerKind,
  PossibleDuplicate,
  Procedure,
  ProcedureAdvanceInput,
  ProcedureOpenInput,
  ProcedureUpdateInput,
  Referral,
  ReferralInput,
  ReferralUpdateInput,
  Report,
  ReportExportInput,
  ReportInput,
  ReportLanguage,
  ServiceEntry,
  ServiceEntryInput,
} from '../casework';
import { Client, IsoDate } from '../client';
import { defineCalls } from './define';

const ById = z.object({ id: Id }).strict();
const Removed = z.object({ id: z.string() });
const OptionalOffice = Id.nullish().transform((v) => v ?? null);

export const caseworkCalls = defineCalls({
  'offices.list': {
    summary: 'The offices, this office first',
    input: z.object({}).strict(),
    output: z.object({ items: z.array(Office) }),
  },
  'offices.save': {
    summary: 'Add an office or change its name, city or hotspot weekday',
    input: z.object({ id: Id.optional(), office: OfficeInput }).strict(),
    output: Office,
  },

  'services.log': {
    summary: 'Log a service given to a client (today and this office unless told otherwise)',
    input: ServiceEntryInput.strict(),
    output: ServiceEntry,
  },
  'services.list': {
    summary: "A client's services, newest first",
    input: z.object({ clientId: Id, limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.object({ items: z.array(ServiceEntry), total: z.number().int() }),
  },
  'services.remove': {
    summary: 'Take back a service logged by mistake',
    input: ById,
    output: Removed,
  },

  'procedures.open': {
    summary: 'Open a procedure (residence registration, ID card, health insurance) for a client',
    input: ProcedureOpenInput.strict(),
    output: Procedure,
  },
  'procedures.advance': {
    summary: 'Move a procedure to its next status; a move that is not allowed is refused and changes nothing',
    input: ProcedureAdvanceInput.strict(),
    output: Procedure,
  },
  'procedures.update': {
    summary: 'Tick checklist steps, set the settling date, the counsellor or the note',
    input: ProcedureUpdateInput.strict(),
    output: Procedure,
  },
  'procedures.get': {
    summary: 'One procedure with its steps, deadlines, history and printed packets',
    input: ById,
    output: Procedure,
  },
  'procedures.list': {
    summary: "A client's procedures, or the whole household's, open ones first",
    input: z.object({ clientId: Id, household: z.boolean().default(false) }).strict(),
    output: z.object({ items: z.array(Procedure) }),
  },

  'partners.list': {
    summary: 'The partners directory, by city and kind',
    input: z
      .object({
        city: z.string().max(100).nullish(),
        kind: PartnerKind.nullish(),
        query: z.string().max(200).default(''),
      })
      .strict(),
    output: z.object({ items: z.array(Partner), cities: z.array(z.string()) }),
  },
  'partners.save': {
    summary: 'Add a partner or correct one',
    input: z.object({ id: Id.optional(), partner: PartnerInput }).strict(),
    output: Partner,
  },
  'partners.remove': {
    summary: 'Remove a partner from the directory (kept for the referrals made to it)',
    input: ById,
    output: Removed,
  },

  'referrals.create': {
    summary: "Refer a client to a partner, with the reason and the client's consent to share",
    input: ReferralInput.strict(),
    output: Referral,
  },
  'referrals.update': {
    summary: 'Record consent, a status change or the outcome of a referral',
    input: ReferralUpdateInput.strict(),
    output: Referral,
  },
  'referrals.list': {
    summary: "A client's referrals, newest first",
    input: z.object({ clientId: Id }).strict(),
    output: z.object({ items: z.array(Referral) }),
  },
  'referrals.slip': {
    summary: 'The A4 referral slip as a PDF; refused until the client consented to sharing',
    input: z
      .object({
        id: Id,
        language: ReportLanguage.nullish(),
        /** An admin prints without a sharing consent on record; the reason goes into the audit trail. */
        override: z
          .object({ reason: z.string().trim().min(5, 'Say why').max(500) })
          .strict()
          .optional(),
      })
      .strict(),
    output: FileOut,
  },

  'household.link': {
    summary: 'Link two clients of one household (spouse, child, parent…)',
    input: HouseholdLinkInput.strict(),
    output: z.object({ items: z.array(HouseholdMember) }),
  },
  'household.unlink': {
    summary: 'Remove a household link',
    input: z.object({ linkId: Id }).strict(),
    output: Removed,
  },
  'household.list': {
    summary: "The people linked to a client's household",
    input: z.object({ clientId: Id }).strict(),
    output: z.object({ items: z.array(HouseholdMember) }),
  },
  'household.createChild': {
    summary: "Record a child from a parent's record (address, surname and category taken over) and link them",
    input: z.object({ parentId: Id, child: ChildInput.strict() }).strict(),
    output: Client,
  },

  'appointments.book': {
    summary: 'Book a client for a day (usually the office hotspot day)',
    input: AppointmentInput.strict(),
    output: Appointment,
  },
  'appointments.today': {
    summary: "A day's appointments at an office (today and this office unless told otherwise)",
    input: z.object({ date: IsoDate.nullish(), officeId: OptionalOffice }).strict(),
    output: z.object({
      date: IsoDate,
      office: Office,
      isHotspotDay: z.boolean(),
      items: z.array(Appointment),
    }),
  },
  'appointments.list': {
    summary: "A client's appointments, latest first",
    input: z.object({ clientId: Id }).strict(),
    output: z.object({ items: z.array(Appointment) }),
  },
  'appointments.markNoShow': {
    summary: 'The client did not come',
    input: ById,
    output: Appointment,
  },
  'appointments.markAttended': {
    summary: 'The client came',
    input: ById,
    output: Appointment,
  },
  'appointments.cancel': {
    summary: 'Cancel a booking',
    input: ById,
    output: Appointment,
  },

  'clients.possibleDuplicates': {
    summary:
      'Records that may be the same person: same JMBG, or a similar name (either script) and the same birth date',
    input: DuplicateQuery.strict(),
    output: z.object({ items: z.array(PossibleDuplicate) }),
  },

  'dashboard.get': {
    summary:
      "The start screen: today's appointments, deadlines to act on, recent clients, this month's counts",
    input: z.object({ officeId: OptionalOffice }).strict(),
    output: Dashboard,
  },

  'reports.run': {
    summary: 'Services, procedures and referrals counted for a period and office',
    input: ReportInput,
    output: Report,
  },
  'reports.export': {
    summary: 'The report as CSV, XLSX or a one-page PDF summary',
    input: ReportExportInput,
    output: FileOut,
  },
});
