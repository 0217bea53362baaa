import { Field } from '../ui/Field';
import type { Problem } from '../ui/problems';

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: Problem | undefined;
  hint?: string;
  type?: 'text' | 'password';
  autoComplete?: string;
  autoFocus?: boolean;
}

/** A labelled text or password box with its message: the account forms are made of these. */
export function TextField({
  label,
  value,
  onChange,
  problem,
  hint,
  type = 'text',
  autoComplete,
  autoFocus,
}: TextFieldProps) {
  return (
    <Field label={label} problem={problem} hint={hint}>
      {(control) => (
        <input
          {...control}
          type={type}
          value={value}
          autoComplete={autoComplete}
          autoFocus={autoFocus}
          spellCheck={false}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
