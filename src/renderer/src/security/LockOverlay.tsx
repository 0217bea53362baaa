import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../shared/contract/security';
import { AppError } from '../../../shared/errors';
import type { User } from '../../../shared/security';
import { api } from '../api';
import { HOME_PATH, navigate } from '../router';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { accountProblem } from './account-problems';

/**
 * The locked session: a modal drawn over the page, which stays mounted underneath (a half-typed
 * form survives) but is hidden by an opaque backdrop, so a passer-by reads nothing. The signed-in
 * person unlocks with their password; someone else may sign them out instead.
 *
 * `signedOut`: the sign-in itself was lost without anyone signing out (the desktop app's core
 * restarted after a crash, or another tab of the web host signed out). The same person signs in
 * again over the same page, so what they typed is still there; "someone else" drops it.
 */
export function LockOverlay({
  user,
  onStatus,
  signedOut,
}: {
  user: User;
  onStatus: (status: SessionStatus) => void;
  signedOut?: { onSomeoneElse: () => void };
}) {
  const { t } = useTranslation('security');
  const { t: tSession } = useTranslation('session');
  const dialog = useRef<HTMLDialogElement>(null);
  const passwordBox = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<Problem | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    // Whatever had the focus on the page keeps it for after; the dialog makes the page inert.
    const before = document.activeElement;
    element.showModal();
    passwordBox.current?.focus();
    return () => {
      element.close();
      if (before instanceof HTMLElement) before.focus();
    };
  }, []);

  // Both end with the overlay gone (unlocked, or back at sign-in), so they stay busy until it goes.
  const unlocking = useAction(
    async () =>
      onStatus(
        await (signedOut
          ? api.call('session.login', { username: user.username, password })
          : api.call('session.unlock', { password })),
      ),
    {
      holdAfterSuccess: true,
      onFailure: (error) => {
        const wrongPassword = error instanceof AppError && error.code === 'LOGIN_FAILED';
        setFailure(wrongPassword ? { key: 'security:field.wrongPassword' } : accountProblem(error));
        setPassword('');
        passwordBox.current?.focus();
      },
    },
  );
  const signingOut = useAction(
    async () => {
      const status = await api.call('session.logout', {});
      navigate(HOME_PATH, { force: true });
      onStatus(status);
    },
    { holdAfterSuccess: true, onFailure: (error) => setFailure(accountProblem(error)) },
  );
  const busy = unlocking.busy || signingOut.busy;

  function unlock(event: FormEvent) {
    event.preventDefault();
    void unlocking.run();
  }

  function signOut() {
    if (signedOut) {
      navigate(HOME_PATH, { force: true });
      signedOut.onSomeoneElse();
      return;
    }
    void signingOut.run();
  }

  return (
    <dialog
      ref={dialog}
      className="dialog lock-overlay"
      aria-labelledby="lock-title"
      // Esc must not close the lock, and the app's own shortcuts must not act behind it.
      onCancel={(event) => event.preventDefault()}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <h2 id="lock-title">{signedOut ? tSession('signedOut.title') : t('lock.title')}</h2>
      <p>
        {signedOut
          ? tSession('signedOut.body', { name: user.displayName, username: user.username })
          : t('lock.signedInAs', { name: user.displayName, username: user.username })}
      </p>
      <form onSubmit={unlock}>
        <div className="field">
          <label htmlFor="lock-password">{t('field.password')}</label>
          <input
            ref={passwordBox}
            id="lock-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={failure ? true : undefined}
          />
        </div>
        {failure ? <ProblemText className="field-message field-message--error" problem={failure} /> : null}
        {signedOut ? null : <p className="muted lock-hint">{t('lock.workKept')}</p>}
        <div className="dialog-actions">
          <button type="button" className="button-quiet" onClick={signOut} disabled={busy}>
            {signedOut ? tSession('signedOut.someoneElse') : t('lock.signOutInstead')}
          </button>
          <button type="submit" className="button-primary" disabled={busy || !password}>
            {signedOut ? tSession('signedOut.signIn') : t('lock.unlock')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
