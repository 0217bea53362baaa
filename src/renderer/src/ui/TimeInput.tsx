import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { timeTextToValue } from './times';

type InputAttributes = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'value' | 'defaultValue' | 'onChange' | 'placeholder'
>;

export interface TimeInputProps extends InputAttributes {
  /** `HH:mm` (24-hour), `''` for no time, or what was typed while it is not a time yet. */
  value: string;
  /** Gets `HH:mm` when the text reads as a time, else the text itself (`''` when blank). */
  onChange: (value: string) => void;
}

/**
 * A time of day typed on the 24-hour clock (`09:30`; `9`, `930`, `9.30` and `9:30` are read too),
 * the same in every language and Windows locale, where `<input type="time">` follows the
 * browser's (and shows "02:30 PM" in a Serbian UI). Text that is no time makes the field invalid,
 * with the app's own message (ui/validation.ts), so the form is not sent.
 */
export function TimeInput({ value, onChange, onBlur, className, ...input }: TimeInputProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value);
  if (text !== value && timeTextToValue(text) !== value) setText(value);

  const invalid = text.trim() !== '' && timeTextToValue(text) === null;
  useEffect(() => {
    element.current?.setCustomValidity(invalid ? t('common:timeInvalid') : '');
  }, [invalid, t]);

  return (
    <input
      autoComplete="off"
      inputMode="numeric"
      {...input}
      ref={element}
      type="text"
      className={['time-input', className].filter(Boolean).join(' ')}
      placeholder={t('common:timePlaceholder')}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        onChange(timeTextToValue(event.target.value) ?? event.target.value);
      }}
      onBlur={(event) => {
        // Leaving the field shows how the time was read (`930` → `09:30`).
        const read = timeTextToValue(text);
        if (read !== null) setText(read);
        onBlur?.(event);
      }}
    />
  );
}
