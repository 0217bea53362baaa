import { useTranslation } from 'react-i18next';
import { ImportField, type ImportReport } from '../../../shared/contract/imports';
import { useIssueText } from './issue-text';

export type Mapping = Record<string, ImportField | 'ignore'>;

interface ImportColumnsProps {
  columns: ImportReport['columns'];
  mapping: Mapping;
  onRemap: (header: string, value: string) => void;
}

/** The file's columns and what each became; any column not recognised can be mapped by hand. */
export function ImportColumns({ columns, mapping, onRemap }: ImportColumnsProps) {
  const { t } = useTranslation('import');
  return (
    <table className="data-table import-columns">
      <caption className="list-caption">{t('report.columns')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('report.header')}</th>
          <th scope="col">{t('report.how')}</th>
          <th scope="col">{t('report.field')}</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((column) => (
          <tr key={column.index} className={column.how === 'unknown' ? 'is-attention' : undefined}>
            <td>{column.header}</td>
            <td>
              <span className={`badge badge-how-${column.how}`}>{t(`how.${column.how}`)}</span>
            </td>
            <td>
              {column.how === 'recognised' ? (
                t(`field.${column.field ?? ''}`)
              ) : (
                <select
                  aria-label={t('report.mapColumn', { header: column.header })}
                  value={mapping[column.header] ?? ''}
                  onChange={(event) => onRemap(column.header, event.target.value)}
                >
                  <option value="">{t('report.chooseField')}</option>
                  <option value="ignore">{t('report.ignore')}</option>
                  {ImportField.options.map((field) => (
                    <option key={field} value={field}>
                      {t(`field.${field}`)}
                    </option>
                  ))}
                </select>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The rows that cannot be imported, by the row number the person sees in the spreadsheet. */
export function RejectedRows({ rejected }: { rejected: ImportReport['rejectedIssues'] }) {
  const { t } = useTranslation('import');
  const issueText = useIssueText();
  return (
    <table className="data-table import-rejected">
      <caption className="list-caption">{t('report.rejectedHeading', { count: rejected.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('report.row')}</th>
          <th scope="col">{t('report.problems')}</th>
        </tr>
      </thead>
      <tbody>
        {rejected.map((row) => (
          <tr key={row.row}>
            <td className="nowrap">{row.row}</td>
            <td>
              <ul className="plain-list">
                {row.issues.map((issue, i) => (
                  <li key={i}>{issueText(issue)}</li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
