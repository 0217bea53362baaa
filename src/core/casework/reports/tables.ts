import {
  ReferralOutcome,
  type Report,
  type ReportLanguage,
  type ServiceCountRow,
} from '../../../shared/casework';
import { labelsFor } from '../labels';

/**
 * The report as labelled tables: one shape that the CSV, XLSX and PDF writers all read, so the
 * three files always say the same thing.
 */
export interface ReportTable {
  /** A stable code for the section (the CSV's first column). */
  id:
    | 'totals'
    | 'services_by_kind'
    | 'services_by_category'
    | 'services_by_sex'
    | 'services_by_age_band'
    | 'procedures_by_kind'
    | 'referrals_by_partner_kind';
  title: string;
  keyHeader: string;
  /** `short` is for narrow columns (the PDF); the full label is used where there is room. */
  measures: { id: string; label: string; short?: string }[];
  rows: { key: string; label: string; values: number[] }[];
}

export function reportTables(report: Report, language: ReportLanguage): ReportTable[] {
  const l = labelsFor(language);
  const r = l.report;
  const serviceMeasures = [
    { id: 'consultations', label: r.consultations, short: r.consultationsShort },
    { id: 'supporting', label: r.supporting, short: r.supportingShort },
    { id: 'total', label: r.total },
  ];
  const serviceRows = <K extends string>(
    rows: readonly (ServiceCountRow & { key: K })[],
    names: Record<K, string>,
  ) =>
    rows.map((row) => ({
      key: row.key,
      label: names[row.key],
      values: [row.consultations, row.supporting, row.total],
    }));

  const outcomes = [...ReferralOutcome.options, 'pending'] as const;
  const partnerKinds = [...new Set(report.referralsByPartnerKind.map((row) => row.partnerKind))];

  return [
    {
      id: 'totals',
      title: r.total,
      keyHeader: r.label,
      measures: [{ id: 'count', label: r.count }],
      rows: (
        [
          ['services', r.services],
          ['consultations', r.consultations],
          ['supporting', r.supporting],
          ['clientsServed', r.clientsServed],
          ['proceduresOpened', r.proceduresOpened],
          ['proceduresCompleted', r.proceduresCompleted],
          ['referrals', r.referrals],
        ] as const
      ).map(([key, label]) => ({ key, label, values: [report.totals[key]] })),
    },
    {
      id: 'services_by_kind',
      title: r.byKind,
      keyHeader: r.label,
      measures: serviceMeasures,
      rows: serviceRows(report.servicesByKind, l.serviceKind),
    },
    {
      id: 'services_by_category',
      title: r.byCategory,
      keyHeader: r.label,
      measures: serviceMeasures,
      rows: serviceRows(report.servicesByCategory, l.category),
    },
    {
      id: 'services_by_sex',
      title: r.bySex,
      keyHeader: r.label,
      measures: serviceMeasures,
      rows: serviceRows(report.servicesBySex, l.sex),
    },
    {
      id: 'services_by_age_band',
      title: r.byAgeBand,
      keyHeader: r.label,
      measures: serviceMeasures,
      rows: serviceRows(report.servicesByAgeBand, l.ageBand),
    },
    {
      id: 'procedures_by_kind',
      title: r.procedures,
      keyHeader: r.label,
      measures: [
        { id: 'opened', label: r.opened },
        { id: 'completed', label: r.completed },
        { id: 'rejected', label: r.rejected },
        { id: 'abandoned', label: r.abandoned },
      ],
      rows: report.proceduresByKind.map((row) => ({
        key: row.kind,
        label: l.procedureKind[row.kind],
        values: [row.opened, row.completed, row.rejected, row.abandoned],
      })),
    },
    {
      // Partner kind × outcome, with a total per partner kind.
      id: 'referrals_by_partner_kind',
      title: r.referralsByPartner,
      keyHeader: r.partnerKind,
      measures: [...outcomes.map((id) => ({ id, label: l.outcome[id] })), { id: 'total', label: r.total }],
      rows: partnerKinds.map((kind) => {
        const counts = outcomes.map(
          (outcome) =>
            report.referralsByPartnerKind.find((row) => row.partnerKind === kind && row.outcome === outcome)
              ?.count ?? 0,
        );
        return {
          key: kind,
          label: l.partnerKind[kind],
          values: [...counts, counts.reduce((a, b) => a + b, 0)],
        };
      }),
    },
  ];
}
