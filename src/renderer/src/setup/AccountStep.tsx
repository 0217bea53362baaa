import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { contract, type CallOutput, type ParsedInput } from '../../../shared/contract';
import type { OfficeProfileInput } from '../../../shared/contract/office';
import { api } from '../api';
import { accountProblem, checkWith, fieldProblemsOf, type FieldProblems } from '../security/account-problems';
import { NewPasswordFields, withRepeatChecked } from '../security/NewPasswordFields';
import { TextField } from '../security/TextField';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { officeProblemsOf, type OfficeProblems } from './office-form';

/**
 * Step 3: the office admin. One call creates the account and the office profile together; the
 * core signs the admin in and hands back the recovery key. If the core refuses the office (a
 * municipality gone from the codes since step 2), the wizard goes back there with the message.
 */
export function AccountStep({
  office,
  onBack,
  onCreated,
  onOfficeRefused,
}: {
  office: OfficeProfileInput;
  onBack: () => void;
  onCreated: (result: CallOutput<'session.setup'>) => void;
  onOfficeRefused: (problems: OfficeProblems) => void;
}) {
  const { t } = useTranslation('setup');
  const [values, setValues] = useState({ displayName: '', username: '', password: '', repeat: '' });
  const [problems, setProblems] = useState<FieldProblems>({});
  const [failure, setFailure] = useState<Problem | null>(null);

  const set = (field: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const create = useAction(
    async (input: ParsedInput<'session.setup'>) => onCreated(await api.call('session.setup', input)),
    {
      // Made: the wizard goes on to the next step.
      holdAfterSuccess: true,
      onFailure: (error) => {
        const officeProblems = officeProblemsOf(error);
        if (Object.keys(officeProblems).length > 0) return onOfficeRefused(officeProblems);
        setProblems(fieldProblemsOf(error));
        setFailure(accountProblem(error));
      },
    },
  );
  const busy = create.busy;

  function submit(event: FormEvent) {
    event.preventDefault();
    const { repeat, ...account } = values;
    const checked = checkWith(contract['session.setup'].input, { ...account, office });
    const found = withRepeatChecked(checked.ok ? {} : checked.problems, 'password', account.password, repeat);
    setProblems(found);
    setFailure(null);
    if (!checked.ok || Object.keys(found).length > 0) return;
    void create.run(checked.data);
  }

  return (
    <form className="setup-form" onSubmit={submit} noValidate>
      <h1>{t('account.heading')}</h1>
      <p className="muted">{t('account.intro')}</p>
      {failure ? <ProblemText className="banner banner-error" problem={failure} /> : null}
      <TextField
        label={t('security:field.displayName')}
        value={values.displayName}
        onChange={set('displayName')}
        problem={problems.displayName}
        autoComplete="name"
        autoFocus
      />
      <TextField
        label={t('security:field.username')}
        value={values.username}
        onChange={set('username')}
        problem={problems.username}
        autoComplete="username"
        hint={t('security:field.usernameHint')}
      />
      <NewPasswordFields
        field="password"
        label={t('security:field.password')}
        password={values.password}
        repeat={values.repeat}
        onPassword={set('password')}
        onRepeat={set('repeat')}
        problems={problems}
      />
      <div className="form-actions setup-actions">
        <button type="button" onClick={onBack} disabled={busy}>
          {t('action.back')}
        </button>
        <button type="submit" className="button-primary" disabled={busy}>
          {t('account.submit')}
        </button>
      </div>
    </form>
  );
}
