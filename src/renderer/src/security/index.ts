/**
 * src/renderer/src/security — the people side of data protection: the recovery key screen (the
 * first-run wizard around it is in setup/), sign-in, the idle lock drawn over the page, the
 * signed-in person in the sidebar, and the admin pages (staff accounts, audit trail, backups,
 * idle-lock minutes). The core checks every call's role itself (src/core/security); these
 * screens only stop offering what a role may not do. Talks to the core only through `api`.
 *
 *   <SessionGate>{app}</SessionGate>          // in App.tsx: the wizard / sign-in / the app + lock
 *   const { user } = useSession();            // inside the gate
 *   roleMayOpen(route.needs, user.role)       // mayCall(user.role, 'users.list') for an action
 */
export { AccountPage } from './AccountPage';
export { AuditTrailPage } from './AuditTrailPage';
export { BackupsPage } from './BackupsPage';
export { NotAllowedPage } from './NotAllowedPage';
export { SecuritySettingsCard } from './SecuritySettingsCard';
export { roleMayOpen, useSession, type SignedInSession } from './session-context';
export { SessionGate } from './SessionGate';
export { SidebarAccount } from './SidebarAccount';
export { UsersPage } from './UsersPage';
