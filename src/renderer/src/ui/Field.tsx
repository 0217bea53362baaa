import { useId, type ReactNode } from 'react';
import { ProblemText } from './ProblemText';
import type { Problem } from './problems';

/** What a field's control needs to be tied to its label and its message (for screen readers too). */
export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

interface FieldProps {
  label: string;
  problem?: Problem | undefined;
  /** Shown under the control when there is no problem. */
  hint?: ReactNode;
  /** Layout hooks from styles.css, e.g. `w3` (columns of the 8-column form grid). */
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control with its inline message; the message replaces the hint while there is one. */
export function Field({ label, problem, hint, className, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  const hasMessage = problem !== undefined || hint !== undefined;
  return (
    <div className={['field', problem ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(problem ? { 'aria-invalid': true } : {}),
        ...(hasMessage ? { 'aria-describedby': messageId } : {}),
      })}
      {problem ? (
        <ProblemText id={messageId} className="field-message field-message--error" problem={problem} />
      ) : hint !== undefined ? (
        <div id={messageId} className="field-message">
          {hint}
        </div>
      ) : null}
    </div>
  );
}
