import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Office } from '../../../shared/casework';
import { api } from '../api';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { Card } from './Card';
import { caseworkProblem } from './problems';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The offices and each one's hotspot weekday (the day a hotspot counsellor sits there). */
export function OfficesCard({ offices, onChanged }: { offices: Office[]; onChanged: () => void }) {
  const { t } = useTranslation('casework');
  return (
    <Card title={t('offices.title')}>
      {offices.map((office) => (
        <OfficeForm key={office.id} office={office} onSaved={onChanged} />
      ))}
      <details className="cw-more">
        <summary>{t('offices.add')}</summary>
        <OfficeForm office={null} onSaved={onChanged} />
      </details>
    </Card>
  );
}

function OfficeForm({ office, onSaved }: { office: Office | null; onSaved: () => void }) {
  const { t } = useTranslation('casework');
  const [form, setForm] = useState({
    name: office?.name ?? '',
    city: office?.city ?? '',
    weekday: office?.hotspotWeekday ? String(office.hotspotWeekday) : '',
  });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  return (
    <form
      className="cw-inline-form"
      aria-label={office?.name ?? t('offices.add')}
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        setSaved(false);
        api
          .call('offices.save', {
            ...(office ? { id: office.id } : {}),
            office: {
              name: form.name,
              city: form.city,
              hotspotWeekday: form.weekday ? Number(form.weekday) : null,
            },
          })
          .then(() => {
            setSaved(true);
            if (!office) setForm({ name: '', city: '', weekday: '' });
            onSaved();
          }, setError);
      }}
    >
      <Field
        label={office?.isDefault ? `${t('offices.name')} (${t('offices.thisOffice')})` : t('offices.name')}
      >
        {(control) => (
          <input
            {...control}
            value={form.name}
            required
            maxLength={100}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('offices.city')}>
        {(control) => (
          <input
            {...control}
            value={form.city}
            maxLength={100}
            onChange={(e) => setForm({ ...form, city: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('offices.hotspotWeekday')}>
        {(control) => (
          <select
            {...control}
            value={form.weekday}
            onChange={(e) => setForm({ ...form, weekday: e.target.value })}
          >
            <option value="">{t('offices.noHotspotWeekday')}</option>
            {WEEKDAYS.map((day) => (
              <option key={day} value={day}>
                {t(`weekday.${day}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="button-small">
        {t('common.save')}
      </button>
      {saved ? (
        <span className="muted" role="status">
          {t('offices.saved')}
        </span>
      ) : null}
      {error ? (
        <ProblemText className="field-message field-message--error" problem={caseworkProblem(error, t)} />
      ) : null}
    </form>
  );
}
