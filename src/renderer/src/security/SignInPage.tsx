import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStatus } from '../../../shared/contract/security';
import { api } from '../api';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { accountProblem } from './account-problems';
import { AuthLayout } from './AuthLayout';
import { TextField } from './TextField';

/** Nobody is signed in: user name and password. A wrong password clears the box and keeps the name. */
export function SignInPage({ onSignedIn }: { onSignedIn: (status: SessionStatus) => void }) {
  const { t } = useTranslation('security');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<Problem | null>(null);
  const form = useRef<HTMLFormElement>(null);

  const signIn = useAction(
    async (name: string) => onSignedIn(await api.call('session.login', { username: name, password })),
    {
      // Signed in: the gate swaps this page for the app, so the button stays off until it goes.
      holdAfterSuccess: true,
      onFailure: (error) => {
        setFailure(accountProblem(error));
        setPassword('');
        form.current?.querySelector<HTMLInputElement>('input[type="password"]')?.focus();
      },
    },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setFailure({ key: 'security:signIn.fillBoth' });
      return;
    }
    void signIn.run(username.trim());
  }

  return (
    <AuthLayout>
      <h1>{t('signIn.title')}</h1>
      {failure ? <ProblemText className="banner banner-error" problem={failure} /> : null}
      <form ref={form} className="auth-form" onSubmit={submit} noValidate>
        <TextField
          label={t('field.username')}
          value={username}
          onChange={setUsername}
          autoComplete="username"
          autoFocus
        />
        <TextField
          label={t('field.password')}
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
        />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={signIn.busy}>
            {t('signIn.submit')}
          </button>
        </div>
      </form>
      <p className="muted auth-footnote">{t('signIn.forgotten')}</p>
    </AuthLayout>
  );
}
