import { useId, type ReactNode } from 'react';
import { ProblemText } from './ProblemText';
import type { Problem } from './problems';

/** What a field's control needs to be tied to its label and its message (for screen readers too). */
export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  'aria-required'?: true;
}

interface FieldProps {
  label: string;
  problem?: Problem | undefined;
  /** Shown under the control when there is no problem. */
  hint?: ReactNode;
  /** Layout hooks from styles.css, e.g. `w3` (columns of the 8-column form grid). */
  className?: string;
  /** Marks the label (a star, not read out: the control itself says it is required). */
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control with its inline message; the message replaces the hint while there is one. */
export function Field({ label, problem, hint, className, required, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  const hasMessage = problem !== undefined || hint !== undefined;
  return (
    <div className={['field', problem ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      {required ? (
        // The star stays outside the label, so the field's name is its label alone.
        <div className="field-label">
          <label htmlFor={id}>{label}</label>
          <RequiredMark />
        </div>
      ) : (
        <label htmlFor={id}>{label}</label>
      )}
      {children({
        id,
        ...(required ? { 'aria-required': true } : {}),
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

/** The star after a required field's label; hidden from screen readers, which hear "required" from the control. */
export function RequiredMark() {
  return (
    <span className="required-mark" aria-hidden="true">
      {' *'}
    </span>
  );
}
