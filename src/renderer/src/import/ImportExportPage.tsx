import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ClientCategory } from '../../../shared/client';
import type { ImportEncoding, ImportField, ImportReport } from '../../../shared/contract/imports';
import { api } from '../api';
import { Field } from '../ui/Field';
import { Link } from '../ui/Link';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { downloadBytes } from '../ui/download';
import { EnumSelect } from '../ui/EnumSelect';
import { EncodingChoice } from './EncodingChoice';
import { ExportSection } from './ExportSection';
import { readFileAsBase64 } from './files';
import { ImportColumns, RejectedRows, type Mapping } from './ImportColumns';
import { importBlockOf, type ImportBlock } from './import-problem';

interface Picked {
  fileName: string;
  contentBase64: string;
}

/**
 * `#/import`: a spreadsheet in, checked first (a dry run writes nothing), committed only when no
 * row is rejected; and the whole registry out as CSV.
 */
export function ImportExportPage() {
  const { t } = useTranslation('import');
  return (
    <div className="page-body">
      <header className="page-header">
        <h1>{t('title')}</h1>
      </header>
      <ImportSection />
      <ExportSection />
    </div>
  );
}

function ImportSection() {
  const { t } = useTranslation('import');
  const [picked, setPicked] = useState<Picked | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [defaultCategory, setDefaultCategory] = useState<ClientCategory | ''>('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [block, setBlock] = useState<ImportBlock | null>(null);
  const [commitError, setCommitError] = useState<unknown>(null);
  const [created, setCreated] = useState<{
    count: number;
    skipped: number;
    rejectedCsv: string | null;
  } | null>(null);
  const [encoding, setEncoding] = useState<ImportEncoding | ''>('');
  const [busy, setBusy] = useState(false);
  // Only the newest check may show its result (mapping changes can overlap).
  const latest = useRef(0);

  async function check(
    file: Picked,
    nextMapping: Mapping,
    category: ClientCategory | '',
    chosenEncoding: ImportEncoding | '' = encoding,
  ) {
    const request = ++latest.current;
    setBusy(true);
    try {
      const result = await api.call('clients.import', {
        ...file,
        mapping: nextMapping,
        ...(category ? { defaultCategory: category } : {}),
        ...(chosenEncoding ? { encoding: chosenEncoding } : {}),
        dryRun: true,
      });
      if (request !== latest.current) return;
      setReport(result);
      setBlock(null);
    } catch (failure) {
      if (request !== latest.current) return;
      setReport(null);
      setBlock(importBlockOf(failure, nextMapping));
    } finally {
      if (request === latest.current) setBusy(false);
    }
  }

  async function pick(file: File | undefined) {
    if (!file) return;
    setCreated(null);
    setCommitError(null);
    setMapping({});
    setEncoding('');
    setReport(null);
    setBlock(null);
    try {
      const next = { fileName: file.name, contentBase64: await readFileAsBase64(file) };
      setPicked(next);
      await check(next, {}, defaultCategory, '');
    } catch (failure) {
      setBlock({ kind: 'other', error: failure });
    }
  }

  function remap(header: string, value: string) {
    if (!picked) return;
    const next = { ...mapping };
    if (value === '') delete next[header];
    else next[header] = value as ImportField | 'ignore';
    setMapping(next);
    void check(picked, next, defaultCategory);
  }

  function changeCategory(value: ClientCategory | '') {
    setDefaultCategory(value);
    if (picked) void check(picked, mapping, value);
  }

  function chooseEncoding(value: ImportEncoding | '') {
    setEncoding(value);
    if (picked) void check(picked, mapping, defaultCategory, value);
  }

  /** All rows, or (`skipInvalid`) the good ones with the rejected ones left out and listed. */
  async function commit(skipInvalid = false) {
    if (!picked) return;
    setBusy(true);
    setCommitError(null);
    try {
      const result = await api.call('clients.import', {
        ...picked,
        mapping,
        ...(defaultCategory ? { defaultCategory } : {}),
        ...(encoding ? { encoding } : {}),
        dryRun: false,
        skipInvalid,
      });
      setCreated({
        count: result.createdCount,
        skipped: result.skippedCount,
        rejectedCsv: result.rejectedCsv,
      });
      setReport(null);
      setPicked(null);
      setMapping({});
    } catch (failure) {
      // Something changed since the check (e.g. a JMBG recorded meanwhile): show the fresh report.
      setCommitError(failure);
      void check(picked, mapping, defaultCategory);
    } finally {
      setBusy(false);
    }
  }

  const readable = report !== null && (report.encodingCheck.certain || encoding !== '');
  const canCommit =
    report !== null && readable && report.rejected.length === 0 && report.acceptedCount > 0 && !busy;
  const canSkip =
    report !== null && readable && report.rejected.length > 0 && report.acceptedCount > 0 && !busy;
  const rejectedFileName = (name: string) => `${name.replace(/\.(csv|xlsx)$/i, '')}-odbijeni.csv`;
  const columns = report?.columns ?? (block?.kind === 'needsNames' ? block.columns : null);

  return (
    <section className="card">
      <h2>{t('import.heading')}</h2>
      <p className="muted">{t('import.intro')}</p>
      <div className="form-grid">
        <Field label={t('import.file')} className="w4" hint={t('import.fileHint')}>
          {(control) => (
            // The browser's own file button speaks the browser's language; this one speaks ours.
            <div className="file-picker">
              <input
                {...control}
                className="visually-hidden"
                type="file"
                accept=".csv,.xlsx"
                onChange={(event) => {
                  void pick(event.target.files?.[0]);
                  event.target.value = ''; // picking the same file again reads it again
                }}
              />
              <label htmlFor={control.id} className="button" aria-hidden="true">
                {t('import.chooseFile')}
              </label>
              <span className={picked ? undefined : 'muted'}>
                {picked ? picked.fileName : t('import.noFile')}
              </span>
            </div>
          )}
        </Field>
        <Field
          label={t('import.defaultCategory')}
          className="w4"
          hint={t('import.defaultCategoryHint')}
          problem={block?.kind === 'needsCategory' ? { key: 'import:problem.needsCategory' } : undefined}
        >
          {(control) => (
            <EnumSelect
              {...control}
              value={defaultCategory}
              onChange={changeCategory}
              options={ClientCategory.options}
              empty={t('import.noDefaultCategory')}
              label={(category) => t(`clients:category.${category}`)}
            />
          )}
        </Field>
      </div>

      {busy ? (
        <p className="muted" aria-live="polite">
          {t('import.checking')}
        </p>
      ) : null}
      {block?.kind === 'other' ? (
        <div className="banner banner-error" role="alert">
          <span>
            <strong>{t('problem.cannotImport')}</strong> {problemDetail(block.error)}
          </span>
        </div>
      ) : null}
      {block?.kind === 'needsNames' ? (
        <div className="banner banner-error" role="alert">
          {t('problem.needsNames')}
        </div>
      ) : null}
      {commitError ? (
        <ProblemText className="banner banner-error" problem={problemFromError(commitError)} />
      ) : null}
      {created !== null ? (
        <div className="banner banner-ok" role="status">
          <span>
            {t('import.created', { count: created.count })}
            {created.skipped > 0 ? ` ${t('import.skipped', { count: created.skipped })}` : ''}
          </span>
          {created.rejectedCsv ? (
            <button
              type="button"
              onClick={() =>
                downloadBytes('odbijeni-redovi.csv', created.rejectedCsv ?? '', 'text/csv;charset=utf-8')
              }
            >
              {t('import.downloadRejected')}
            </button>
          ) : null}
          <Link to="/clients">{t('import.toList')}</Link>
        </div>
      ) : null}

      {report ? (
        <>
          <p className="muted import-source">{sourceLine(report, t)}</p>
          <p className="import-summary" data-testid="import-summary">
            {t('report.summary', {
              rows: report.rowCount,
              accepted: report.acceptedCount,
              rejected: report.rejected.length,
            })}
          </p>
        </>
      ) : null}
      {report ? <EncodingChoice report={report} chosen={encoding} onChoose={chooseEncoding} /> : null}
      {columns ? <ImportColumns columns={columns} mapping={mapping} onRemap={remap} /> : null}
      {report && report.rejectedIssues.length > 0 ? <RejectedRows rejected={report.rejectedIssues} /> : null}

      {report ? (
        <div className="form-actions">
          <button
            type="button"
            className="button-primary"
            disabled={!canCommit}
            onClick={() => void commit()}
          >
            {t('import.commit', { count: report.acceptedCount })}
          </button>
          {report.rejected.length > 0 ? (
            <>
              <button type="button" disabled={!canSkip} onClick={() => void commit(true)}>
                {t('import.commitSkipping', { count: report.acceptedCount, skipped: report.rejected.length })}
              </button>
              {report.rejectedCsv ? (
                <button
                  type="button"
                  onClick={() =>
                    downloadBytes(
                      rejectedFileName(report.fileName),
                      report.rejectedCsv ?? '',
                      'text/csv;charset=utf-8',
                    )
                  }
                >
                  {t('import.downloadRejected')}
                </button>
              ) : null}
            </>
          ) : null}
          <span className="muted">
            {report.rejected.length > 0
              ? `${t('import.commitBlocked')} ${t('import.skipHint')}`
              : t('import.commitAllOrNothing')}
          </span>
        </div>
      ) : null}
    </section>
  );
}

/** The core's own explanation of a file it could not read: it names the file's columns and cells. */
function problemDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sourceLine(
  report: ImportReport,
  t: (key: string, values?: Record<string, unknown>) => string,
): string {
  const { source } = report;
  return source.format === 'csv'
    ? t('report.sourceCsv', {
        encoding: source.encoding ?? '?',
        delimiter: source.delimiter === '\t' ? 'TAB' : (source.delimiter ?? '?'),
        headerRow: source.headerRow,
      })
    : t('report.sourceXlsx', { sheet: source.sheet ?? '?', headerRow: source.headerRow });
}
