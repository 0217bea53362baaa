import { useTranslation } from 'react-i18next';
import type { MonthCounts } from '../../../shared/casework';
import { api } from '../api';
import { pathTo } from '../router';
import { SHORTCUT, shortcutProps } from '../shortcuts';
import { Link } from '../ui/Link';
import { ProblemText } from '../ui/ProblemText';
import { AppointmentTable } from './AppointmentTable';
import { Card } from './Card';
import { DeadlineLine } from './DeadlineBadge';
import { clientName, formatDate, isoWeekday } from './format';
import { caseworkProblem } from './problems';
import { useLoad } from '../ui/useLoad';
import { SyncBehindNotice } from '../sync/BehindNotice';
import './casework.css';

const COUNTS: readonly (keyof MonthCounts)[] = [
  'services',
  'consultations',
  'newClients',
  'proceduresOpened',
  'proceduresCompleted',
  'referrals',
];

/** `#/`: the start screen — who is coming today, which deadlines need acting on, the month so far. */
export function DashboardPage() {
  const { t, i18n } = useTranslation('casework');
  const dashboard = useLoad(() => api.call('dashboard.get', {}), 'dashboard');
  const data = dashboard.data;

  if (!data) {
    return (
      <div className="page-body">
        {dashboard.error ? (
          <ProblemText className="banner banner-error" problem={caseworkProblem(dashboard.error, t)} />
        ) : (
          t('common.loading')
        )}
      </div>
    );
  }

  return (
    <div className="page-body cw-dashboard">
      <header className="page-header">
        <div>
          <h1>{t('dashboard.title')}</h1>
          <div className="muted">
            {t('dashboard.today', {
              weekday: t(`weekday.${isoWeekday(data.today)}`),
              date: formatDate(data.today),
            })}
            {' · '}
            {data.office.name}
            {data.isHotspotDay ? (
              <span className="badge badge-ok cw-hotspot">{t('dashboard.hotspotDay')}</span>
            ) : null}
          </div>
        </div>
      </header>
      <SyncBehindNotice />
      {dashboard.error ? (
        <ProblemText className="banner banner-error" problem={caseworkProblem(dashboard.error, t)} />
      ) : null}

      <div className="cw-columns">
        <div>
          <Card
            title={t('dashboard.appointments')}
            actions={
              <Link to="/appointments" className="button button-small">
                {t('dashboard.wholeDay')}
              </Link>
            }
          >
            {data.appointments.length === 0 ? (
              <p className="muted">{t('dashboard.noAppointments')}</p>
            ) : (
              <AppointmentTable items={data.appointments} onChanged={dashboard.reload} />
            )}
          </Card>

          <Card title={t('dashboard.week')}>
            {data.weekAppointments.length === 0 ? (
              <p className="muted">{t('dashboard.noWeekAppointments')}</p>
            ) : (
              <ul className="cw-list">
                {data.weekAppointments.map((appointment) => (
                  <li key={appointment.id}>
                    <span className="nowrap">
                      {t(`weekday.${isoWeekday(appointment.date)}`)} {formatDate(appointment.date)}
                      {appointment.time ? ` · ${appointment.time}` : ''}
                    </span>{' '}
                    <Link to={pathTo('/clients/:id', { id: appointment.client.id })}>
                      {clientName(appointment.client, i18n.language)}
                    </Link>
                    {appointment.purpose ? <span className="muted"> · {appointment.purpose}</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>

          <Card title={t('dashboard.deadlines')}>
            {data.deadlines.length === 0 ? (
              <p className="muted">{t('dashboard.noDeadlines')}</p>
            ) : (
              <ul className="cw-list">
                {data.deadlines.map((item) => (
                  <li key={item.procedureId}>
                    <Link to={pathTo('/clients/:id', { id: item.client.id })}>
                      {clientName(item.client, i18n.language)}
                    </Link>
                    <span className="muted">
                      {' '}
                      · {t(`procedureKind.${item.kind}`)} · {t(`procedureStatus.${item.status}`)}
                    </span>
                    <div>
                      <DeadlineLine deadline={item.deadline} />
                    </div>
                  </li>
                ))}
              </ul>
            )}
            {data.deadlineCount > data.deadlines.length ? (
              <p className="muted">
                {t('dashboard.moreDeadlines', { count: data.deadlineCount - data.deadlines.length })}
              </p>
            ) : null}
          </Card>
        </div>

        <div>
          <Card
            title={t('dashboard.month')}
            actions={
              <Link to="/reports" className="button button-small">
                {t('dashboard.report')}
              </Link>
            }
          >
            <dl className="cw-tiles">
              {COUNTS.map((key) => (
                <div key={key} className="cw-tile">
                  <dt>{t(`dashboard.counts.${key}`)}</dt>
                  <dd>{data.month[key]}</dd>
                </div>
              ))}
            </dl>
          </Card>

          <Card title={t('dashboard.recentClients')}>
            {data.recentClients.length === 0 ? (
              <div className="empty-state">
                <p className="muted">{t('dashboard.noRecentClients')}</p>
                <Link
                  to="/clients/new"
                  className="button button-primary"
                  {...shortcutProps(SHORTCUT.newClient, t('clients:list.newClient'))}
                >
                  {t('clients:list.newClient')}
                </Link>
              </div>
            ) : (
              <ul className="cw-list">
                {data.recentClients.map((client) => (
                  <li key={client.id}>
                    <Link to={pathTo('/clients/:id', { id: client.id })}>
                      {clientName(client, i18n.language)}
                    </Link>
                    {client.birthDate ? (
                      <span className="muted"> · {formatDate(client.birthDate)}</span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}
