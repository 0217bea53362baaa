import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { DateInput } from '../ui/DateInput';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { Card } from './Card';
import { formatDate, nextWeekdays, todayIso } from './format';
import { caseworkProblem } from './problems';
import { TimeInput } from '../ui/TimeInput';
import { useLoad } from '../ui/useLoad';

const SUGGESTED_DAYS = 4;

/** The client's appointments, and booking one — the office's next hotspot days one click away. */
export function ClientAppointmentsCard({ clientId }: { clientId: string }) {
  const { t } = useTranslation('casework');
  const appointments = useLoad(() => api.call('appointments.list', { clientId }), clientId);
  const offices = useLoad(() => api.call('offices.list', {}), 'offices');
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState({ date: '', time: '', purpose: '' });
  const thisOffice = offices.data?.items.find((office) => office.isDefault);
  const hotspotDays = thisOffice?.hotspotWeekday
    ? nextWeekdays(thisOffice.hotspotWeekday, todayIso(), SUGGESTED_DAYS)
    : [];

  return (
    <Card title={t('appointments.upcoming')}>
      {appointments.data?.items.length === 0 ? (
        <p className="muted">{t('appointments.noneForClient')}</p>
      ) : null}
      {appointments.data && appointments.data.items.length > 0 ? (
        <ul className="cw-list">
          {appointments.data.items.slice(0, 6).map((appointment) => (
            <li key={appointment.id}>
              {formatDate(appointment.date)} {appointment.time ?? ''}{' '}
              <span className="badge">{t(`appointmentStatus.${appointment.status}`)}</span>
              {appointment.purpose ? <span className="muted"> · {appointment.purpose}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <ProblemText className="banner banner-error" problem={caseworkProblem(error, t)} /> : null}

      <form
        className="cw-inline-form"
        aria-label={t('appointments.bookTitle')}
        onSubmit={(event) => {
          event.preventDefault();
          setError(null);
          api
            .call('appointments.book', {
              clientId,
              date: form.date,
              time: form.time || null,
              purpose: form.purpose,
            })
            .then(() => {
              setForm({ date: '', time: '', purpose: '' });
              appointments.reload();
            }, setError);
        }}
      >
        <Field label={t('appointments.date')} required>
          {(control) => (
            <DateInput
              {...control}
              required
              min={todayIso()}
              value={form.date}
              onChange={(date) => setForm({ ...form, date })}
            />
          )}
        </Field>
        <Field label={t('appointments.time')}>
          {(control) => (
            <TimeInput {...control} value={form.time} onChange={(time) => setForm({ ...form, time })} />
          )}
        </Field>
        <Field label={t('appointments.purpose')} className="cw-grow">
          {(control) => (
            <input
              {...control}
              value={form.purpose}
              maxLength={500}
              onChange={(e) => setForm({ ...form, purpose: e.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="button-primary">
          {t('appointments.book')}
        </button>
      </form>
      {hotspotDays.length > 0 ? (
        <div className="cw-quick" role="group" aria-label={t('appointments.nextHotspotDays')}>
          <span className="muted">{t('appointments.nextHotspotDays')}:</span>
          {hotspotDays.map((day) => (
            <button
              key={day}
              type="button"
              className="button-small"
              onClick={() => setForm({ ...form, date: day })}
            >
              {formatDate(day)}
            </button>
          ))}
        </div>
      ) : null}
    </Card>
  );
}
