import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { contract, type CallOutput } from '../../../shared/contract';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { api } from '../api';
import { accountProblem, checkWith, fieldProblemsOf, type FieldProblems } from './account-problems';
import { AuthLayout } from './AuthLayout';
import { TextField } from './TextField';

/**
 * First run: nobody has an account yet. The person at the desk becomes the office admin; the core
 * signs them in and hands back the recovery key, which the next screen shows once.
 */
export function SetupPage({ onCreated }: { onCreated: (result: CallOutput<'session.setup'>) => void }) {
  const { t } = useTranslation('security');
  const [values, setValues] = useState({ displayName: '', username: '', password: '', repeat: '' });
  const [problems, setProblems] = useState<FieldProblems>({});
  const [failure, setFailure] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { repeat, ...account } = values;
    const checked = checkWith(contract['session.setup'].input, account);
    const found = checked.ok ? {} : { ...checked.problems };
    if (!found.password && repeat !== account.password)
      found.repeat = { key: 'security:field.passwordsDiffer' };
    setProblems(found);
    setFailure(null);
    if (!checked.ok || Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      onCreated(await api.call('session.setup', checked.data));
    } catch (error) {
      setProblems(fieldProblemsOf(error));
      setFailure(accountProblem(error));
      setBusy(false);
    }
  }

  return (
    <AuthLayout>
      <h1>{t('setup.title')}</h1>
      <p className="muted">{t('setup.intro')}</p>
      {failure ? <ProblemText className="banner banner-error" problem={failure} /> : null}
      <form className="auth-form" onSubmit={submit} noValidate>
        <TextField
          label={t('field.displayName')}
          value={values.displayName}
          onChange={set('displayName')}
          problem={problems.displayName}
          autoComplete="name"
          autoFocus
        />
        <TextField
          label={t('field.username')}
          value={values.username}
          onChange={set('username')}
          problem={problems.username}
          autoComplete="username"
          hint={t('field.usernameHint')}
        />
        <TextField
          label={t('field.password')}
          type="password"
          value={values.password}
          onChange={set('password')}
          problem={problems.password}
          autoComplete="new-password"
          hint={t('field.passwordHint')}
        />
        <TextField
          label={t('field.repeatPassword')}
          type="password"
          value={values.repeat}
          onChange={set('repeat')}
          problem={problems.repeat}
          autoComplete="new-password"
        />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {t('setup.submit')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
