import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ReferralOutcome,
  type ExportFormat,
  type Report,
  type ServiceCountRow,
} from '../../../shared/casework';
import { api } from '../api';
import { DateInput } from '../ui/DateInput';
import { Field } from '../ui/Field';
import { isLanguage } from '../i18n';
import { ProblemText } from '../ui/ProblemText';
import { Card } from './Card';
import { StackedBars, type BarSeries } from './charts';
import { download } from './files';
import { formatDate, monthRange, todayIso } from './format';
import { caseworkProblem } from './problems';
import { useLoad } from '../ui/useLoad';
import './casework.css';

const CONSULTATION_COLOR = '#1d5fa6';
const SUPPORTING_COLOR = '#c77700';
const OUTCOMES = [...ReferralOutcome.options, 'pending'] as const;

/** `#/reports`: a period and an office; the counts as tables and charts, and the files for donors. */
export function ReportsPage() {
  const { t, i18n } = useTranslation('casework');
  const [period, setPeriod] = useState(() => ({ ...monthRange(todayIso()), officeId: '' }));
  const [asked, setAsked] = useState(period);
  const offices = useLoad(() => api.call('offices.list', {}), 'offices');
  const report = useLoad(
    () => api.call('reports.run', { from: asked.from, to: asked.to, officeId: asked.officeId || null }),
    JSON.stringify(asked),
  );
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState<ExportFormat | null>(null);

  async function exportAs(format: ExportFormat) {
    setExporting(format);
    setExportError(null);
    try {
      const language = isLanguage(i18n.language) ? i18n.language : 'sr-Latn';
      download(
        await api.call('reports.export', {
          from: asked.from,
          to: asked.to,
          officeId: asked.officeId || null,
          format,
          language,
        }),
      );
    } catch (failure) {
      setExportError(failure);
    } finally {
      setExporting(null);
    }
  }

  const data = report.data;
  return (
    <div className="page-body">
      <header className="page-header">
        <h1>{t('reports.title')}</h1>
        <div className="header-actions" role="group" aria-label={t('reports.export')}>
          {(['xlsx', 'csv', 'pdf'] as const).map((format) => (
            <button
              key={format}
              type="button"
              disabled={!data || exporting !== null}
              onClick={() => void exportAs(format)}
            >
              {t('reports.export')} {t(`reports.${format}`)}
            </button>
          ))}
        </div>
      </header>

      <form
        className="cw-inline-form cw-filters"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked(period);
        }}
      >
        <Field label={t('reports.from')}>
          {(control) => (
            <DateInput
              {...control}
              required
              value={period.from}
              onChange={(from) => setPeriod({ ...period, from })}
            />
          )}
        </Field>
        <Field label={t('reports.to')}>
          {(control) => (
            <DateInput
              {...control}
              required
              min={period.from}
              value={period.to}
              onChange={(to) => setPeriod({ ...period, to })}
            />
          )}
        </Field>
        <Field label={t('reports.office')}>
          {(control) => (
            <select
              {...control}
              value={period.officeId}
              onChange={(e) => setPeriod({ ...period, officeId: e.target.value })}
            >
              <option value="">{t('reports.allOffices')}</option>
              {offices.data?.items.map((office) => (
                <option key={office.id} value={office.id}>
                  {office.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" onClick={() => setPeriod({ ...period, ...monthRange(todayIso()) })}>
          {t('reports.thisMonth')}
        </button>
        <button type="button" onClick={() => setPeriod({ ...period, ...monthRange(todayIso(), -1) })}>
          {t('reports.lastMonth')}
        </button>
        <button type="submit" className="button-primary">
          {t('reports.show')}
        </button>
      </form>
      {report.error ? (
        <ProblemText className="banner banner-error" problem={caseworkProblem(report.error, t)} />
      ) : null}
      {exportError ? (
        <ProblemText className="banner banner-error" problem={caseworkProblem(exportError, t)} />
      ) : null}

      {data ? <ReportView report={data} /> : report.loading ? <p>{t('common.loading')}</p> : null}
    </div>
  );
}

function ReportView({ report }: { report: Report }) {
  const { t } = useTranslation('casework');
  const series: BarSeries[] = [
    { label: t('reports.consultations'), color: CONSULTATION_COLOR },
    { label: t('reports.supporting'), color: SUPPORTING_COLOR },
  ];
  const totals = [
    ['services', report.totals.services],
    ['consultations', report.totals.consultations],
    ['supporting', report.totals.supporting],
    ['clientsServed', report.totals.clientsServed],
    ['proceduresOpened', report.totals.proceduresOpened],
    ['proceduresCompleted', report.totals.proceduresCompleted],
    ['referrals', report.totals.referrals],
  ] as const;
  const breakdowns = [
    ['byKind', report.servicesByKind, 'serviceKind'],
    ['byCategory', report.servicesByCategory, 'category'],
    ['bySex', report.servicesBySex, 'sex'],
    ['byAgeBand', report.servicesByAgeBand, 'ageBand'],
  ] as const;
  const partnerKinds = [...new Set(report.referralsByPartnerKind.map((row) => row.partnerKind))];

  return (
    <>
      <p className="muted">
        {t('reports.period', { from: formatDate(report.from), to: formatDate(report.to) })} ·{' '}
        {report.office ? report.office.name : t('reports.allOffices')}
      </p>
      <dl className="cw-tiles cw-tiles-wide">
        {totals.map(([key, value]) => (
          <div key={key} className="cw-tile">
            <dt>{t(`reports.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <div className="cw-columns">
        {breakdowns.map(([key, rows, labels]) => (
          <Card key={key} title={t(`reports.${key}`)}>
            <StackedBars
              title={t('reports.chartLabel', { title: t(`reports.${key}`) })}
              series={series}
              rows={(rows as readonly ServiceCountRow[]).map((row) => ({
                label: t(`${labels}.${row.key}`),
                values: [row.consultations, row.supporting],
              }))}
            />
            <CountTable
              rows={rows as readonly ServiceCountRow[]}
              label={(row) => t(`${labels}.${row.key}`)}
            />
          </Card>
        ))}
      </div>

      <Card title={t('reports.procedures')}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('reports.label')}</th>
              <th scope="col">{t('reports.opened')}</th>
              <th scope="col">{t('reports.completed')}</th>
              <th scope="col">{t('reports.rejected')}</th>
              <th scope="col">{t('reports.abandoned')}</th>
            </tr>
          </thead>
          <tbody>
            {report.proceduresByKind.map((row) => (
              <tr key={row.kind}>
                <th scope="row">{t(`procedureKind.${row.kind}`)}</th>
                <td>{row.opened}</td>
                <td>{row.completed}</td>
                <td>{row.rejected}</td>
                <td>{row.abandoned}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>

      <Card title={t('reports.referralsByPartner')}>
        {partnerKinds.length === 0 ? (
          <p className="muted">{t('reports.noReferrals')}</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('reports.partnerKind')}</th>
                {OUTCOMES.map((outcome) => (
                  <th key={outcome} scope="col">
                    {t(`outcome.${outcome}`)}
                  </th>
                ))}
                <th scope="col">{t('reports.total')}</th>
              </tr>
            </thead>
            <tbody>
              {partnerKinds.map((kind) => {
                const counts = OUTCOMES.map(
                  (outcome) =>
                    report.referralsByPartnerKind.find((r) => r.partnerKind === kind && r.outcome === outcome)
                      ?.count ?? 0,
                );
                return (
                  <tr key={kind}>
                    <th scope="row">{t(`partnerKind.${kind}`)}</th>
                    {counts.map((count, i) => (
                      <td key={OUTCOMES[i]}>{count}</td>
                    ))}
                    <td>{counts.reduce((a, b) => a + b, 0)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}

function CountTable({
  rows,
  label,
}: {
  rows: readonly ServiceCountRow[];
  label: (row: ServiceCountRow) => string;
}) {
  const { t } = useTranslation('casework');
  return (
    <table className="data-table cw-counts">
      <thead>
        <tr>
          <th scope="col">{t('reports.label')}</th>
          <th scope="col">
            <abbr title={t('reports.consultations')}>{t('reports.consultationsShort')}</abbr>
          </th>
          <th scope="col">
            <abbr title={t('reports.supporting')}>{t('reports.supportingShort')}</abbr>
          </th>
          <th scope="col">{t('reports.total')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{label(row)}</th>
            <td>{row.consultations}</td>
            <td>{row.supporting}</td>
            <td>{row.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
