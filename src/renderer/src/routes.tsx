import type { ReactNode } from 'react';
import { ClientFormPage } from './clients/ClientFormPage';
import { ClientListPage } from './clients/ClientListPage';
import { ClientProfilePage } from './clients/ClientProfilePage';
import { ImportExportPage } from './import/ImportExportPage';
import type { RouteParams } from './paths';
import { SettingsPage } from './settings/SettingsPage';

/**
 * Every page of the app, one line each; the first matching pattern wins, so a fixed path goes
 * before a `:param` one beside it. `nav` puts the route in the sidebar (the value is a
 * `common` translation key); `section` is the sidebar entry to highlight for pages that have none.
 */
export interface Route {
  path: string;
  render: (params: RouteParams) => ReactNode;
  nav?: string;
  section?: string;
}

export const routes: Route[] = [
  { path: '/clients', nav: 'nav.clients', render: () => <ClientListPage /> },
  { path: '/clients/new', nav: 'nav.newClient', render: () => <ClientFormPage key="new" /> },
  {
    path: '/clients/:id',
    section: '/clients',
    render: ({ id = '' }) => <ClientProfilePage key={id} id={id} />,
  },
  {
    path: '/clients/:id/edit',
    section: '/clients',
    render: ({ id = '' }) => <ClientFormPage key={`edit-${id}`} id={id} />,
  },
  { path: '/import', nav: 'nav.importExport', render: () => <ImportExportPage /> },
  { path: '/settings', nav: 'nav.settings', render: () => <SettingsPage /> },
];
