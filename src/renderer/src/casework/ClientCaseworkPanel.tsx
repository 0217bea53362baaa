import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ClientAppointmentsCard } from './ClientAppointmentsCard';
import { clientName } from './format';
import { HouseholdCard } from './HouseholdCard';
import { ProceduresCard } from './ProceduresCard';
import { ReferralsCard } from './ReferralsCard';
import { ServicesCard } from './ServicesCard';
import { useLoad } from '../ui/useLoad';
import './casework.css';

/**
 * The casework part of a client's profile: services, procedures, referrals, household and
 * appointments. Mount it under the record: `<ClientCaseworkPanel clientId={client.id} />`.
 */
export function ClientCaseworkPanel({ clientId }: { clientId: string }) {
  const { t, i18n } = useTranslation('casework');
  const household = useLoad(() => api.call('household.list', { clientId }), clientId);
  const names = new Map(
    (household.data?.items ?? []).map((m) => [m.client.id, clientName(m.client, i18n.language)]),
  );

  return (
    <section className="cw-panel" aria-label={t('panel.title')}>
      <div className="cw-columns">
        <div>
          <ServicesCard clientId={clientId} />
          <ProceduresCard clientId={clientId} names={names} />
        </div>
        <div>
          <ClientAppointmentsCard clientId={clientId} />
          <ReferralsCard clientId={clientId} />
          <HouseholdCard
            clientId={clientId}
            members={household.data?.items ?? null}
            onChanged={household.reload}
          />
        </div>
      </div>
    </section>
  );
}
