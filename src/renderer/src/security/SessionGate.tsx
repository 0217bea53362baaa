import { Fragment, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../shared/contract/security';
import { mayCall, type User } from '../../../shared/security';
import { api, onCallFailure } from '../api';
import { desktop } from '../desktop-bridge';
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
 * with SESSION_LOCKED / LOGIN_REQUIRED, the status poll, and the heartbeat's answer (and in the
 * desktop app, main's word that the core restarted). A sign-in lost without signing out (a core
 * restart forgets sessions) is treated like a lock: the page stays, and the same person signs in
 * again over it.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation('security');
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  /**
   * Kept once the first-run wizard opens, so it stays on screen (with its recovery key and later
   * steps) after the account it creates signs its admin in and setup is no longer "needed".
   */
  const [firstRun, setFirstRun] = useState(false);

  /** Who was signed in when the sign-in was lost without a sign-out; their page stays mounted. */
  const [interrupted, setInterrupted] = useState<User | null>(null);
  /** The person whose app is showing, as of the last render. */
  const shownUser = useRef<User | null>(null);

  const apply = useCallback((status: SessionStatus) => {
    // Signing in, out or unlocking on purpose ends any interruption.
    setInterrupted(null);
    setGate({ kind: 'ready', status });
  }, []);

  const refresh = useCallback(async () => {
    try {
      const status = await api.call('session.status', {});
      const lost = shownUser.current;
      if (status.user) setInterrupted(null);
      else if (lost && !status.setupNeeded) setInterrupted(lost);
      setGate({ kind: 'ready', status });
    } catch (error) {
      // Once the app is showing, a missed poll is not worth covering the page: the next one retries.
      setGate((current) => (current.kind === 'ready' ? current : { kind: 'unreachable', error }));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const status = gate.kind === 'ready' ? gate.status : null;
  const signedIn = status?.user != null;
  const locked = status?.locked ?? false;
  // The person on screen: after a lost sign-in, still the one whose page is kept.
  const shown = status?.user ?? interrupted;
  const setup = useSetupPending(shown && mayCall(shown.role, 'office.finishSetup') ? shown.id : null);
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

  // The desktop app's core restarted: its sessions are gone, so ask at once rather than at the next call.
  useEffect(
    () =>
      desktop?.onEvent((event) => {
        if (event.type === 'core-restarted') void refresh();
      }),
    [refresh],
  );

  useActivityHeartbeat(signedIn && !locked, apply);

  const session = useMemo<SignedInSession | null>(() => {
    const user = status?.user ?? interrupted;
    if (!status || !user) return null;
    return {
      user,
      locked: status.locked || !status.user,
      idleLockMinutes: status.idleLockMinutes,
      refresh,
      apply,
    };
  }, [status, interrupted, refresh, apply]);
  useEffect(() => {
    shownUser.current = session?.user ?? null;
  }, [session]);

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
      {session.locked ? (
        <LockOverlay
          // A lock and a lost sign-in are different dialogs: a new one opens when one turns into the other.
          key={status?.user ? 'locked' : 'signed-out'}
          user={session.user}
          onStatus={apply}
          {...(status?.user ? {} : { signedOut: { onSomeoneElse: () => setInterrupted(null) } })}
        />
      ) : null}
    </SessionContext.Provider>
  );
}
