import { useTranslation } from 'react-i18next';
import type { FieldProblems } from './account-problems';
import { TextField } from './TextField';

/**
 * A new password typed twice, as the first-run admin account and "change my password" ask for
 * it; the problems are keyed `password` (under `field`) and `repeat`.
 */
export function NewPasswordFields({
  field,
  label,
  password,
  repeat,
  onPassword,
  onRepeat,
  problems,
}: {
  /** The name of the password in the call's input, where its problems are keyed. */
  field: string;
  label: string;
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  problems: FieldProblems;
}) {
  const { t } = useTranslation('security');
  return (
    <>
      <TextField
        label={label}
        type="password"
        value={password}
        onChange={onPassword}
        problem={problems[field]}
        autoComplete="new-password"
        hint={t('field.passwordHint')}
      />
      <TextField
        label={t('field.repeatPassword')}
        type="password"
        value={repeat}
        onChange={onRepeat}
        problem={problems.repeat}
        autoComplete="new-password"
      />
    </>
  );
}

/** Adds "the passwords differ" under `repeat` unless the password itself already has a problem. */
export function withRepeatChecked(
  problems: FieldProblems,
  field: string,
  password: string,
  repeat: string,
): FieldProblems {
  if (problems[field] || repeat === password) return problems;
  return { ...problems, repeat: { key: 'security:field.passwordsDiffer' } };
}
