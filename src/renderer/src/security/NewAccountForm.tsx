import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { contract, type ParsedInput } from '../../../shared/contract';
import { Role, type User } from '../../../shared/security';
import { api } from '../api';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { EnumSelect } from '../ui/EnumSelect';
import { accountProblem, checkWith, fieldProblemsOf, type FieldProblems } from './account-problems';
import { TextField } from './TextField';

const EMPTY = { displayName: '', username: '', role: '', password: '' };

/** Adds a staff account; the admin tells the person their first password, which they then change. */
export function NewAccountForm({ onCreated }: { onCreated: (user: User) => void }) {
  const { t } = useTranslation('security');
  const [values, setValues] = useState(EMPTY);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [failure, setFailure] = useState<Problem | null>(null);
  const set = (field: keyof typeof EMPTY) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const create = useAction(
    async (input: ParsedInput<'users.create'>) => {
      onCreated(await api.call('users.create', input));
      setValues(EMPTY);
    },
    {
      onFailure: (error) => {
        setProblems(fieldProblemsOf(error));
        setFailure(accountProblem(error));
      },
    },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const checked = checkWith(contract['users.create'].input, values);
    if (!checked.ok) {
      setProblems(
        checked.problems.role
          ? { ...checked.problems, role: { key: 'errors:field.choose' } }
          : checked.problems,
      );
      return;
    }
    setProblems({});
    void create.run(checked.data);
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-account-heading">
      <h2 id="new-account-heading">{t('users.newHeading')}</h2>
      {failure ? <ProblemText className="banner banner-error" problem={failure} /> : null}
      <div className="form-grid">
        <TextField
          label={t('field.displayName')}
          value={values.displayName}
          onChange={set('displayName')}
          problem={problems.displayName}
        />
        <TextField
          label={t('field.username')}
          value={values.username}
          onChange={set('username')}
          problem={problems.username}
          hint={t('field.usernameHint')}
        />
        <Field label={t('field.role')} problem={problems.role}>
          {(control) => (
            <EnumSelect
              {...control}
              value={values.role}
              onChange={set('role')}
              options={Role.options}
              empty={t('common:choose')}
              label={(role) => t(`role.${role}`)}
            />
          )}
        </Field>
        <TextField
          label={t('field.firstPassword')}
          type="password"
          value={values.password}
          onChange={set('password')}
          problem={problems.password}
          autoComplete="new-password"
          hint={t('field.passwordHint')}
        />
      </div>
      <p className="muted form-note">{t('users.roleHelp')}</p>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={create.busy}>
          {t('users.create')}
        </button>
      </div>
    </form>
  );
}
