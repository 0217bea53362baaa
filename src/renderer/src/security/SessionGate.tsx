import { Fragment, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../shared/contract/security';
import { api, onCallFailure } from '../api';
import { SetupWizard, useSetupPending } from '../setup';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { AuthLayout } from './AuthLayout';
import { LockOverlay } from './LockOverlay';
import { SessionContext, type SignedInSession } from './session-context';
import { SignInPage } from './SignInPage';
import { useActivityHeartbeat } from './useActivityHeartbeat';

/** How often the gate asks whether the session locked itself after the idle minutes. */
const STATUS_POLL_MS = 30_000;

type Gate =
  { kind: 'loading' } | { kind: 'unreachable'; error: unknown } | { kind: 'ready'; status: SessionStatus };

/**
 * Decides what the window shows: the first-run wizard (also resumed when an admin signs in with
 * its last steps pending), sign-in, or the app (`children`). A locked
 * session draws the lock over the app without unmounting it, so whatever was being typed is
 * still there after unlocking. A lock or a lost sign-in is noticed three ways: any call failing
 * with SESSION_LOCKED / LOGIN_REQUIRED, the status poll, and the heartbeat's answer.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation('security');
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  /**
   * Kept once the first-run wizard opens, so it stays on screen (with its recovery key and later
   * steps) after the account it creates signs its admin in and setup is no longer "needed".
   */
  const [firstRun, setFirstRun] = useState(false);

  const apply = useCallback((status: SessionStatus) => setGate({ kind: 'ready', status }), []);

  const refresh = useCallback(async () => {
    try {
      apply(await api.call('session.status', {}));
    } catch (error) {
      // Once the app is showing, a missed poll is not worth covering the page: the next one retries.
      setGate((current) => (current.kind === 'ready' ? current : { kind: 'unreachable', error }));
    }
  }, [apply]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const status = gate.kind === 'ready' ? gate.status : null;
  const signedIn = status?.user != null;
  const locked = status?.locked ?? false;
  const setup = useSetupPending(status?.user?.role === 'admin' ? status.user.id : null);
  const setupNeeded = status?.setupNeeded ?? false;

  if (setupNeeded && !firstRun) setFirstRun(true);

  useEffect(() => {
    if (!signedIn) return;
    const timer = setInterval(() => void refresh(), STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [signedIn, refresh]);

  useEffect(
    () =>
      onCallFailure((error) => {
        if (error.code === 'SESSION_LOCKED') {
          setGate((current) =>
            current.kind === 'ready'
              ? { kind: 'ready', status: { ...current.status, locked: true } }
              : current,
          );
        }
        if (error.code === 'LOGIN_REQUIRED') void refresh();
      }),
    [refresh],
  );

  useActivityHeartbeat(signedIn && !locked, apply);

  const session = useMemo<SignedInSession | null>(
    () =>
      status?.user
        ? {
            user: status.user,
            locked: status.locked,
            idleLockMinutes: status.idleLockMinutes,
            refresh,
            apply,
          }
        : null,
    [status, refresh, apply],
  );

  if (gate.kind === 'loading') {
    return <div className="auth-screen muted">{t('common:loading')}</div>;
  }
  if (gate.kind === 'unreachable') {
    return (
      <AuthLayout>
        <ProblemText className="banner banner-error" problem={problemFromError(gate.error)} />
        <button type="button" onClick={() => void refresh()}>
          {t('gate.retry')}
        </button>
      </AuthLayout>
    );
  }
  if (firstRun || setup.pending) {
    return (
      <>
        <SetupWizard
          resume={!firstRun}
          onSignedIn={() => void refresh()}
          onDone={() => {
            setFirstRun(false);
            setup.dismiss();
            void refresh();
          }}
        />
        {session?.locked ? <LockOverlay user={session.user} onStatus={apply} /> : null}
      </>
    );
  }
  if (!session) return <SignInPage onSignedIn={apply} />;
  if (setup.pending === null) return <div className="auth-screen muted">{t('common:loading')}</div>;

  return (
    <SessionContext.Provider value={session}>
      {/* Another person signing in starts the app afresh; a lock and unlock keep it as it was. */}
      <Fragment key={session.user.id}>{children}</Fragment>
      {session.locked ? <LockOverlay user={session.user} onStatus={apply} /> : null}
    </SessionContext.Provider>
  );
}
