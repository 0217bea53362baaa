import type { ReactNode } from 'react';
import type { Method } from '../../shared/contract';
import { AppointmentsPage, DashboardPage, PartnersPage, ReportsPage } from './casework';
import { ClientFormPage } from './clients/ClientFormPage';
import { ClientListPage } from './clients/ClientListPage';
import { ClientProfilePage } from './clients/ClientProfilePage';
import { ScannedPapersPage } from './documents';
import { ImportExportPage } from './import/ImportExportPage';
import type { RouteParams } from './paths';
import { AccountPage, AuditTrailPage, BackupsPage, UsersPage } from './security';
import { SettingsPage } from './settings/SettingsPage';
import { SHORTCUT } from './shortcuts';
import { ConflictsPage } from './sync';

/**
 * Every page of the app, one line each; the first matching pattern wins, so a fixed path goes
 * before a `:param` one beside it. `nav` puts the route in the sidebar (the value is a
 * `common` translation key, or `namespace:key`); `section` is the sidebar entry to highlight for pages that have none.
 * `needs` is the call a page is for: only a role that may make it (`mayCall`, the table the core
 * enforces) sees the page (the sidebar hides it, the address shows "not allowed"); the core refuses
 * the calls anyway, the UI just does not offer them. `group: 'admin'` lists the entry under the
 * administration heading.
 */
export interface Route {
  path: string;
  render: (params: RouteParams) => ReactNode;
  nav?: string;
  section?: string;
  needs?: Method;
  group?: 'admin';
  /** The key that opens it from anywhere, shown beside the sidebar entry (shortcuts.ts handles it). */
  shortcut?: string;
}

export const routes: Route[] = [
  { path: '/', nav: 'casework:nav.dashboard', render: () => <DashboardPage /> },
  { path: '/clients', nav: 'nav.clients', render: () => <ClientListPage /> },
  {
    path: '/clients/new',
    nav: 'nav.newClient',
    needs: 'clients.create',
    shortcut: SHORTCUT.newClient,
    render: () => <ClientFormPage key="new" />,
  },
  {
    path: '/clients/:id',
    section: '/clients',
    render: ({ id = '' }) => <ClientProfilePage key={id} id={id} />,
  },
  {
    path: '/clients/:id/edit',
    section: '/clients',
    needs: 'clients.update',
    render: ({ id = '' }) => <ClientFormPage key={`edit-${id}`} id={id} />,
  },
  { path: '/appointments', nav: 'casework:nav.appointments', render: () => <AppointmentsPage /> },
  { path: '/partners', nav: 'casework:nav.partners', render: () => <PartnersPage /> },
  { path: '/reports', nav: 'casework:nav.reports', render: () => <ReportsPage /> },
  { path: '/scans', nav: 'scans:nav', needs: 'scans.assign', render: () => <ScannedPapersPage /> },
  { path: '/sync/conflicts', section: '/settings', render: () => <ConflictsPage /> },
  { path: '/import', nav: 'nav.importExport', needs: 'clients.import', render: () => <ImportExportPage /> },
  { path: '/settings', nav: 'nav.settings', render: () => <SettingsPage /> },
  { path: '/users', nav: 'nav.users', needs: 'users.list', group: 'admin', render: () => <UsersPage /> },
  {
    path: '/audit',
    nav: 'nav.audit',
    needs: 'audit.list',
    group: 'admin',
    render: () => <AuditTrailPage />,
  },
  {
    path: '/backups',
    nav: 'nav.backups',
    needs: 'backups.list',
    group: 'admin',
    render: () => <BackupsPage />,
  },
  { path: '/account', render: () => <AccountPage /> },
];
