import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { DateInput } from '../ui/DateInput';
import { isRealDate } from '../ui/dates';
import { ProblemText } from '../ui/ProblemText';
import { AppointmentTable } from './AppointmentTable';
import { Card } from './Card';
import { addDays, formatDate, isoWeekday, todayIso } from './format';
import { OfficesCard } from './OfficesCard';
import { caseworkProblem } from './problems';
import { useLoad } from '../ui/useLoad';
import './casework.css';

/** `#/appointments`: one office's day (the hotspot day by default on that weekday), worked through. */
export function AppointmentsPage() {
  const { t } = useTranslation('casework');
  const [date, setDate] = useState(todayIso());
  const [officeId, setOfficeId] = useState<string | null>(null);
  const offices = useLoad(() => api.call('offices.list', {}), 'offices');
  const day = useLoad(() => api.call('appointments.today', { date, officeId }), `${date}:${officeId ?? ''}`);
  const office = day.data?.office;

  return (
    <div className="page-body">
      <header className="page-header">
        <div>
          <h1>{t('appointments.title')}</h1>
          <div className="muted">
            {t(`weekday.${isoWeekday(date)}`)}, {formatDate(date)}
            {day.data?.isHotspotDay ? (
              <span className="badge badge-ok cw-hotspot">{t('appointments.hotspotDay')}</span>
            ) : null}
            {office && !day.data?.isHotspotDay
              ? ` · ${
                  office.hotspotWeekday
                    ? t('appointments.notHotspotDay', { weekday: t(`weekday.${office.hotspotWeekday}`) })
                    : t('appointments.noHotspot')
                }`
              : null}
          </div>
        </div>
        <div className="header-actions">
          <button type="button" onClick={() => setDate(addDays(date, -1))}>
            ‹ {t('appointments.previous')}
          </button>
          <button type="button" onClick={() => setDate(todayIso())}>
            {t('appointments.today')}
          </button>
          <button type="button" onClick={() => setDate(addDays(date, 1))}>
            {t('appointments.next')} ›
          </button>
          <label className="visually-hidden" htmlFor="cw-day">
            {t('appointments.goTo')}
          </label>
          {/* The day changes once the text is a whole date; until then the list stays on the last one. */}
          <DateInput id="cw-day" value={date} onChange={(typed) => isRealDate(typed) && setDate(typed)} />
          {offices.data && offices.data.items.length > 1 ? (
            <select
              aria-label={t('appointments.office')}
              value={officeId ?? offices.data.items.find((o) => o.isDefault)?.id ?? ''}
              onChange={(e) => setOfficeId(e.target.value)}
            >
              {offices.data.items.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          ) : null}
        </div>
      </header>
      {day.error ? (
        <ProblemText className="banner banner-error" problem={caseworkProblem(day.error, t)} />
      ) : null}

      <Card
        title={day.data ? t('appointments.count', { count: day.data.items.length }) : t('common.loading')}
      >
        {day.data && day.data.items.length === 0 ? <p className="muted">{t('appointments.none')}</p> : null}
        {day.data && day.data.items.length > 0 ? (
          <AppointmentTable items={day.data.items} onChanged={day.reload} />
        ) : null}
      </Card>

      {offices.data ? (
        <OfficesCard
          offices={offices.data.items}
          onChanged={() => {
            offices.reload();
            day.reload();
          }}
        />
      ) : null}
    </div>
  );
}
