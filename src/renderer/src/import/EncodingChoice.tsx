import { useTranslation } from 'react-i18next';
import { ImportEncoding, type ImportReport } from '../../../shared/contract/imports';

/**
 * How the letters of a CSV were read, with the first names as they came out, and a choice of
 * reading: offered always for an 8-bit file, and required when the core is unsure (Windows-1250
 * and -1251 give different letters from the same bytes; only a person can tell which names are right).
 */
export function EncodingChoice({
  report,
  chosen,
  onChoose,
}: {
  report: ImportReport;
  chosen: ImportEncoding | '';
  onChoose: (encoding: ImportEncoding | '') => void;
}) {
  const { t } = useTranslation('import');
  const { certain, choices } = report.encodingCheck;
  const eightBit = /^windows-/.test(report.source.encoding ?? '');
  if (report.source.format !== 'csv' || (certain && !eightBit && chosen === '')) {
    return report.sample.length > 0 ? (
      <p className="muted" data-testid="import-sample">
        {t('import.sample', { names: report.sample.join(', ') })}
      </p>
    ) : null;
  }
  const samples = new Map(choices.map((choice) => [choice.encoding, choice.sample]));
  return (
    <div
      className={certain ? 'import-encoding' : 'banner banner-error import-encoding'}
      role={certain ? undefined : 'alert'}
    >
      <p>
        {certain
          ? t('import.encodingDetected', { encoding: t(`encoding.${report.source.encoding}`) })
          : t('import.encodingUnsure')}
      </p>
      <p data-testid="import-sample">{t('import.sample', { names: report.sample.join(', ') || '—' })}</p>
      <label className="field">
        <span className="field-label">{t('import.encodingLabel')}</span>
        <select
          value={chosen}
          data-testid="import-encoding"
          onChange={(event) => onChoose(event.target.value as ImportEncoding | '')}
        >
          <option value="">{t('import.encodingChoose')}</option>
          {ImportEncoding.options.map((encoding) => (
            <option key={encoding} value={encoding}>
              {t(`encoding.${encoding}`)}
              {samples.has(encoding) ? ` — ${(samples.get(encoding) ?? []).slice(0, 3).join(', ')}` : ''}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
