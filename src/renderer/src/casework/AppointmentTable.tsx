import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMON_SERVICE_KINDS, type Appointment, type ServiceKind } from '../../../shared/casework';
import { api } from '../api';
import { pathTo } from '../router';
import { Link } from '../ui/Link';
import { ProblemText } from '../ui/ProblemText';
import { caseworkProblem } from './problems';
import { clientName } from './format';

/**
 * A day's appointments, worked through at the desk: who came, who did not, and the service given
 * (logging a service for a booked client also marks them as having come).
 */
export function AppointmentTable({
  items,
  onChanged,
  showServe = true,
}: {
  items: Appointment[];
  onChanged: () => void;
  showServe?: boolean;
}) {
  const { t, i18n } = useTranslation('casework');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function act(id: string, action: () => Promise<unknown>) {
    setBusy(id);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {error ? <ProblemText className="banner banner-error" problem={caseworkProblem(error, t)} /> : null}
      <table className="data-table cw-appointments">
        <thead>
          <tr>
            <th scope="col">{t('appointments.time')}</th>
            <th scope="col">{t('appointments.client')}</th>
            <th scope="col">{t('appointments.purpose')}</th>
            <th scope="col">{t('appointments.status')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('appointments.serve')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((appointment) => (
            <tr key={appointment.id} className={`cw-status-${appointment.status}`}>
              <td className="mono">{appointment.time ?? '—'}</td>
              <td>
                <Link to={pathTo('/clients/:id', { id: appointment.clientId })}>
                  {clientName(appointment.client, i18n.language)}
                </Link>
              </td>
              <td>{appointment.purpose ?? ''}</td>
              <td>
                <span className="badge">{t(`appointmentStatus.${appointment.status}`)}</span>
              </td>
              <td className="row-actions">
                <div className="cw-row-actions">
                  {appointment.status !== 'cancelled' && appointment.status !== 'attended' ? (
                    <button
                      type="button"
                      className="button-small"
                      disabled={busy === appointment.id}
                      onClick={() =>
                        void act(appointment.id, () =>
                          api.call('appointments.markAttended', { id: appointment.id }),
                        )
                      }
                    >
                      {t('appointments.attended')}
                    </button>
                  ) : null}
                  {appointment.status === 'booked' || appointment.status === 'attended' ? (
                    <button
                      type="button"
                      className="button-small"
                      disabled={busy === appointment.id}
                      onClick={() =>
                        void act(appointment.id, () =>
                          api.call('appointments.markNoShow', { id: appointment.id }),
                        )
                      }
                    >
                      {t('appointments.noShow')}
                    </button>
                  ) : null}
                  {showServe && appointment.status !== 'cancelled' && appointment.status !== 'no_show' ? (
                    <select
                      aria-label={t('appointments.serve')}
                      className="cw-serve"
                      value=""
                      disabled={busy === appointment.id}
                      onChange={(event) => {
                        const kind = event.target.value as ServiceKind;
                        if (kind) {
                          void act(appointment.id, () =>
                            api.call('services.log', {
                              clientId: appointment.clientId,
                              kind,
                              officeId: appointment.officeId,
                            }),
                          );
                        }
                      }}
                    >
                      <option value="">{t('appointments.serve')}…</option>
                      {COMMON_SERVICE_KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {t(`serviceKind.${kind}`)}
                        </option>
                      ))}
                    </select>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
