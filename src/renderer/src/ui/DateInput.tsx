import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { dateFieldText, dateProblem, dateTextToIso, formatDate } from './dates';

type InputAttributes = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'value' | 'defaultValue' | 'onChange' | 'min' | 'max' | 'placeholder'
>;

export interface DateInputProps extends InputAttributes {
  /** `YYYY-MM-DD`, `''` for no date, or what was typed while it is not a date yet. */
  value: string;
  /** Gets `YYYY-MM-DD` when the text reads as a date, else the text itself (`''` when blank). */
  onChange: (value: string) => void;
  /** The earliest day allowed (`YYYY-MM-DD`), checked when the form is sent. */
  min?: string | undefined;
  /** The latest day allowed (`YYYY-MM-DD`), checked when the form is sent. */
  max?: string | undefined;
}

/**
 * A date typed as on Serbian documents (`31.01.2026`; `1.2.2026`, `01/02/2026` and ISO are read
 * too), the same in every language and Windows locale, where `<input type="date">` follows the
 * browser's. The form keeps ISO dates; text that is no date yet stays in the box as typed and is
 * passed on, so the form's schema can name the problem. A day that does not exist or lies outside
 * `min`/`max` makes the field invalid, so a form that lets the browser check it is not sent.
 */
export function DateInput({ value, onChange, min, max, onBlur, className, ...input }: DateInputProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLInputElement>(null);
  // The text in the box, with the form's value it was last matched to: when the form's value
  // changes from elsewhere, the text follows unless it already reads as the new value.
  const [typed, setTyped] = useState(() => ({ text: formatDate(value), value }));
  let text = typed.text;
  if (typed.value !== value) {
    text = dateFieldText(typed.text, value);
    setTyped({ text, value });
  }

  const problem = dateProblem(dateTextToIso(text), { min, max });
  const message = problem ? t(problem.key, problem.values ?? {}) : '';
  useEffect(() => {
    element.current?.setCustomValidity(message);
  }, [message]);

  return (
    <input
      autoComplete="off"
      {...input}
      ref={element}
      type="text"
      className={['date-input', className].filter(Boolean).join(' ')}
      placeholder={t('common:datePlaceholder')}
      value={text}
      onChange={(event) => {
        setTyped({ text: event.target.value, value });
        onChange(dateTextToIso(event.target.value));
      }}
      onBlur={(event) => {
        // Leaving the field shows how the date was read (`1.2.2026` → `01.02.2026`), or the form's
        // own value again when the form did not take what was typed.
        setTyped({ text: formatDate(value), value });
        onBlur?.(event);
      }}
    />
  );
}
