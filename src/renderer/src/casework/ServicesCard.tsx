import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMON_SERVICE_KINDS, ServiceKind, type ServiceEntry } from '../../../shared/casework';
import { api } from '../api';
import { DateInput } from '../ui/DateInput';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { Card } from './Card';
import { formatDate, todayIso } from './format';
import { caseworkProblem } from './problems';
import { useLoad } from '../ui/useLoad';
import { EnumSelect } from '../ui/EnumSelect';

const SHOWN = 10;

/** The services log of one client: the common ones in one click (with undo), any other by form. */
export function ServicesCard({ clientId, onLogged }: { clientId: string; onLogged?: () => void }) {
  const { t } = useTranslation('casework');
  const services = useLoad(() => api.call('services.list', { clientId, limit: SHOWN }), clientId);
  const [error, setError] = useState<unknown>(null);
  const [last, setLast] = useState<ServiceEntry | null>(null);
  const [form, setForm] = useState({
    kind: '' as ServiceKind | '',
    servedOn: todayIso(),
    duration: '',
    note: '',
  });

  async function log(input: {
    kind: ServiceKind;
    servedOn?: string;
    durationMinutes?: number | null;
    note?: string;
  }) {
    setError(null);
    try {
      setLast(await api.call('services.log', { clientId, ...input }));
      services.reload();
      onLogged?.();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  }

  async function undo(entry: ServiceEntry) {
    try {
      await api.call('services.remove', { id: entry.id });
      setLast(null);
      services.reload();
      onLogged?.();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Card title={t('services.title')}>
      <div className="cw-quick" role="group" aria-label={t('services.quick')}>
        <span className="muted">{t('services.quick')}:</span>
        {COMMON_SERVICE_KINDS.map((kind) => (
          <button key={kind} type="button" className="button-small" onClick={() => void log({ kind })}>
            + {t(`serviceKind.${kind}`)}
          </button>
        ))}
      </div>
      {last ? (
        <div className="notice notice-ok cw-logged" role="status">
          {t('services.logged', { kind: t(`serviceKind.${last.kind}`) })}{' '}
          <button type="button" className="button-small button-quiet" onClick={() => void undo(last)}>
            {t('services.undo')}
          </button>
        </div>
      ) : null}
      {error ? <ProblemText className="banner banner-error" problem={caseworkProblem(error, t)} /> : null}

      <details className="cw-more">
        <summary>{t('services.other')}</summary>
        <form
          className="cw-inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!form.kind) return;
            void log({
              kind: form.kind,
              servedOn: form.servedOn,
              durationMinutes: form.duration ? Number(form.duration) : null,
              note: form.note,
            }).then((ok) => ok && setForm((f) => ({ ...f, kind: '', duration: '', note: '' })));
          }}
        >
          <Field label={t('services.kind')}>
            {(control) => (
              <EnumSelect
                {...control}
                value={form.kind}
                onChange={(value) => setForm({ ...form, kind: value })}
                required
                options={ServiceKind.options}
                empty="—"
                label={(kind) => t(`serviceKind.${kind}`)}
              />
            )}
          </Field>
          <Field label={t('common.date')}>
            {(control) => (
              <DateInput
                {...control}
                value={form.servedOn}
                max={todayIso()}
                onChange={(servedOn) => setForm({ ...form, servedOn })}
              />
            )}
          </Field>
          <Field label={t('services.duration')}>
            {(control) => (
              <input
                {...control}
                type="number"
                min={1}
                max={1440}
                value={form.duration}
                onChange={(e) => setForm({ ...form, duration: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('common.note')} className="cw-grow">
            {(control) => (
              <input
                {...control}
                value={form.note}
                maxLength={2000}
                onChange={(e) => setForm({ ...form, note: e.target.value })}
              />
            )}
          </Field>
          <button type="submit" className="button-primary">
            {t('services.log')}
          </button>
        </form>
      </details>

      {services.data && services.data.items.length > 0 ? (
        <>
          <table className="data-table">
            <tbody>
              {services.data.items.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">{formatDate(entry.servedOn)}</td>
                  <td>{t(`serviceKind.${entry.kind}`)}</td>
                  <td className="muted nowrap">
                    {entry.durationMinutes ? `${entry.durationMinutes} min` : ''}
                  </td>
                  <td className="muted">{entry.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('services.total', { count: services.data.total })}</p>
        </>
      ) : services.data ? (
        <p className="muted">{t('services.none')}</p>
      ) : null}
    </Card>
  );
}
