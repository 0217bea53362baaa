import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';

/**
 * The app's own message for a field the browser's checks refused (`required`, `maxLength`, a
 * DateInput's day out of range…), in the UI's language, in place of the browser's bubble (which
 * speaks the browser's language: "Please fill out this field."). One rule for every form: the
 * first refused field gets the focus and a message under it, which goes as soon as it is edited.
 * A field's own message (`setCustomValidity`, as DateInput and TimeInput set) is shown as it is.
 */

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function isControl(target: EventTarget | null): target is Control {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLTextAreaElement
  );
}

export function validationText(control: Control, t: TFunction): string {
  const v = control.validity;
  if (v.customError) return control.validationMessage;
  if (v.valueMissing) {
    const choosing =
      control instanceof HTMLSelectElement ||
      ['checkbox', 'radio'].includes((control as HTMLInputElement).type);
    return t(choosing ? 'common:validation.choose' : 'common:validation.required');
  }
  if (v.tooShort) return t('common:validation.tooShort', { count: (control as HTMLInputElement).minLength });
  if (v.tooLong) return t('common:validation.tooLong', { count: (control as HTMLInputElement).maxLength });
  if (v.rangeUnderflow) return t('common:validation.min', { min: (control as HTMLInputElement).min });
  if (v.rangeOverflow) return t('common:validation.max', { max: (control as HTMLInputElement).max });
  if (v.typeMismatch || v.patternMismatch || v.badInput || v.stepMismatch)
    return t('common:validation.format');
  return t('common:validation.format');
}

const MESSAGE_ID = 'app-validation-message';

function clear(): void {
  document.getElementById(MESSAGE_ID)?.remove();
}

function show(control: Control, text: string): void {
  clear();
  const message = document.createElement('div');
  message.id = MESSAGE_ID;
  message.className = 'validation-message';
  message.setAttribute('role', 'alert');
  message.textContent = text;
  // Inside a modal dialog the message must be in the dialog's top layer to be seen.
  (control.closest('dialog') ?? document.body).append(message);
  const place = () => {
    if (!control.isConnected) return clear();
    const box = control.getBoundingClientRect();
    message.style.left = `${Math.max(4, box.left)}px`;
    message.style.top = `${box.bottom + 4}px`;
  };
  place();
  const done = () => {
    clear();
    control.removeEventListener('input', done);
    control.removeEventListener('change', done);
    window.removeEventListener('scroll', place, true);
    window.removeEventListener('resize', place);
  };
  control.addEventListener('input', done);
  control.addEventListener('change', done);
  window.addEventListener('scroll', place, true);
  window.addEventListener('resize', place);
}

/** Installs the rule for the whole window (once, in App). */
export function useValidationMessages(): void {
  const { t } = useTranslation();
  const translate = useRef(t);
  useEffect(() => {
    translate.current = t;
  }, [t]);

  useEffect(() => {
    // A form sends one `invalid` event per refused field, in order: the first one is shown.
    let shownFor: HTMLFormElement | Control | null = null;
    const onInvalid = (event: Event) => {
      const control = event.target;
      if (!isControl(control)) return;
      event.preventDefault(); // no browser bubble
      const scope = control.form ?? control;
      if (shownFor === scope) return;
      shownFor = scope;
      queueMicrotask(() => {
        shownFor = null;
      });
      control.focus();
      show(control, validationText(control, translate.current));
    };
    document.addEventListener('invalid', onInvalid, true);
    return () => {
      document.removeEventListener('invalid', onInvalid, true);
      clear();
    };
  }, []);
}
