import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { contract, type ParsedInput } from '../../../shared/contract';
import { api } from '../api';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { accountProblem, checkWith, fieldProblemsOf, type FieldProblems } from './account-problems';
import { NewPasswordFields, withRepeatChecked } from './NewPasswordFields';
import { useSession } from './session-context';
import { TextField } from './TextField';

const EMPTY = { currentPassword: '', newPassword: '', repeat: '' };

/** `#/account`: who I am here, and changing my own password. */
export function AccountPage() {
  const { t } = useTranslation('security');
  const { user } = useSession();
  const [values, setValues] = useState(EMPTY);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [failure, setFailure] = useState<Problem | null>(null);
  const [changed, setChanged] = useState(false);
  const set = (field: keyof typeof EMPTY) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const change = useAction(
    async (input: ParsedInput<'session.changePassword'>) => {
      await api.call('session.changePassword', input);
      setValues(EMPTY);
      setChanged(true);
    },
    {
      onFailure: (error) => {
        const fields = fieldProblemsOf(error);
        setProblems(fields);
        // A wrong current password is said beside its box; anything else at the top.
        if (Object.keys(fields).length === 0) setFailure(accountProblem(error));
      },
    },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setChanged(false);
    setFailure(null);
    const { repeat, ...input } = values;
    const checked = checkWith(contract['session.changePassword'].input, input);
    const found = withRepeatChecked(
      checked.ok ? {} : checked.problems,
      'newPassword',
      input.newPassword,
      repeat,
    );
    if (!input.currentPassword) found.currentPassword = { key: 'errors:field.required' };
    setProblems(found);
    if (!checked.ok || Object.keys(found).length > 0) return;
    void change.run(checked.data);
  }

  return (
    <div className="page-body page-body--narrow">
      <header className="page-header">
        <h1>{t('account.title')}</h1>
      </header>
      <section className="card">
        <dl className="details">
          <dt>{t('field.displayName')}</dt>
          <dd>{user.displayName}</dd>
          <dt>{t('field.username')}</dt>
          <dd className="mono">{user.username}</dd>
          <dt>{t('field.role')}</dt>
          <dd>{t(`role.${user.role}`)}</dd>
        </dl>
      </section>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="change-password-heading">
        <h2 id="change-password-heading">{t('account.changePassword')}</h2>
        {failure ? <ProblemText className="banner banner-error" problem={failure} /> : null}
        {changed ? (
          <div className="banner banner-ok" role="status">
            {t('account.passwordChanged')}
          </div>
        ) : null}
        <div className="auth-form">
          <TextField
            label={t('field.currentPassword')}
            type="password"
            value={values.currentPassword}
            onChange={set('currentPassword')}
            problem={problems.currentPassword}
            autoComplete="current-password"
          />
          <NewPasswordFields
            field="newPassword"
            label={t('field.newPassword')}
            password={values.newPassword}
            repeat={values.repeat}
            onPassword={set('newPassword')}
            onRepeat={set('repeat')}
            problems={problems}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={change.busy}>
            {t('account.changePasswordSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}
