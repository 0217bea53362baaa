/**
 * src/renderer/src/setup — the first-run wizard (language and script, the office, the admin
 * account and its recovery key, the sync server, a first backup) and the parts of it that stay
 * in Settings (the Office card). The session gate opens the wizard; talks to the core only
 * through `api`.
 *
 *   <SetupWizard resume={false} onSignedIn={refresh} onDone={openApp} />
 *   const { pending, dismiss } = useSetupPending(adminId);
 *   <OfficeCard />                                    // in Settings
 */
export { OfficeCard } from './OfficeCard';
export { SetupWizard } from './SetupWizard';
export { useSetupPending } from './useSetupPending';
