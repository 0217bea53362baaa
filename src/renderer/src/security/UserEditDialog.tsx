import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contract, type ParsedInput } from '../../../shared/contract';
import { Role, type User } from '../../../shared/security';
import { api } from '../api';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { EnumSelect } from '../ui/EnumSelect';
import { accountProblem, checkWith, fieldProblemsOf, type FieldProblems } from './account-problems';
import { TextField } from './TextField';

/** Name, role and (when the person forgot theirs) a new password for one account. */
export function UserEditDialog({
  user,
  onSaved,
  onClose,
}: {
  user: User;
  onSaved: (user: User) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('security');
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState(user.role);
  const [newPassword, setNewPassword] = useState('');
  const [problems, setProblems] = useState<FieldProblems>({});
  const [failure, setFailure] = useState<Problem | null>(null);

  const update = useAction(
    async (input: ParsedInput<'users.update'>) => onSaved(await api.call('users.update', input)),
    {
      // Saved: the page closes the dialog.
      holdAfterSuccess: true,
      onFailure: (error) => {
        setProblems(fieldProblemsOf(error));
        setFailure(accountProblem(error));
      },
    },
  );

  function save() {
    setFailure(null);
    // Only what changed is sent, so a refusal names the change that was refused.
    const changes = {
      id: user.id,
      ...(displayName.trim() !== user.displayName ? { displayName } : {}),
      ...(role !== user.role ? { role } : {}),
      ...(newPassword ? { newPassword } : {}),
    };
    if (Object.keys(changes).length === 1) return onClose();
    const checked = checkWith(contract['users.update'].input, changes);
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    void update.run(checked.data);
  }

  return (
    <ConfirmDialog
      title={t('users.editTitle', { username: user.username })}
      confirmLabel={t('users.save')}
      busy={update.busy}
      onConfirm={() => save()}
      onCancel={onClose}
    >
      {failure ? <ProblemText className="banner banner-error" problem={failure} /> : null}
      <div className="dialog-fields">
        <TextField
          label={t('field.displayName')}
          value={displayName}
          onChange={setDisplayName}
          problem={problems.displayName}
        />
        <Field label={t('field.role')} problem={problems.role}>
          {(control) => (
            <EnumSelect
              {...control}
              value={role}
              onChange={(value) => setRole(Role.parse(value))}
              options={Role.options}
              label={(option) => t(`role.${option}`)}
            />
          )}
        </Field>
        <TextField
          label={t('field.newPassword')}
          type="password"
          value={newPassword}
          onChange={setNewPassword}
          problem={problems.newPassword}
          autoComplete="new-password"
          hint={t('users.newPasswordHint')}
        />
      </div>
    </ConfirmDialog>
  );
}
