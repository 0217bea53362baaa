import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { downloadBytes } from '../ui/download';
import { useAction } from '../ui/useAction';

/** The whole registry as one CSV file, downloaded by the browser (or Electron's save dialog). */
export function ExportSection() {
  const { t } = useTranslation('import');
  const [exported, setExported] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const exportCsv = useAction(
    async () => {
      setError(null);
      const result = await api.call('clients.exportCsv', {});
      downloadBytes(result.fileName, result.csv, 'text/csv;charset=utf-8');
      setExported(result.count);
    },
    { onFailure: setError },
  );

  return (
    <section className="card">
      <h2>{t('export.heading')}</h2>
      <p className="muted">{t('export.intro')}</p>
      <div className="form-actions">
        <button type="button" onClick={() => void exportCsv.run()} disabled={exportCsv.busy}>
          {t('export.button')}
        </button>
        {exported !== null ? <span role="status">{t('export.done', { count: exported })}</span> : null}
      </div>
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
    </section>
  );
}
