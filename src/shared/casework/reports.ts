import { z } from 'zod';
import { ClientCategory, IsoDate } from '../client';
import { Id } from './fields';
import { Office } from './offices';
import { PartnerKind } from './partners';
import { ProcedureKind } from './procedures';
import { ReferralOutcome } from './referrals';
import { ServiceKind } from './service-log';

/** The donors' report and its exports. */

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
