/**
 * src/renderer/src/casework — the desk's day beyond the client record: the dashboard (start
 * screen), the casework panel of a client's profile, hotspot-day appointments, the partners
 * directory and the donors' report. Talks to the core only through `api`; strings in
 * `locales/<language>/casework.json`.
 *
 *   routes:   '/' → <DashboardPage />, '/appointments' → <AppointmentsPage />,
 *             '/partners' → <PartnersPage />, '/reports' → <ReportsPage />
 *   profile:  <ClientCaseworkPanel clientId={client.id} />
 *   new-client form: <PossibleDuplicatesNotice surname givenName birthDate jmbg excludeId? />
 */
export { AppointmentsPage } from './AppointmentsPage';
export { ClientCaseworkPanel } from './ClientCaseworkPanel';
export { DashboardPage } from './DashboardPage';
export { OfficesCard } from './OfficesCard';
export { PartnersPage } from './PartnersPage';
export { PossibleDuplicatesNotice } from './PossibleDuplicatesNotice';
export { ReportsPage } from './ReportsPage';
