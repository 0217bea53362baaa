import { useEffect, useRef, useState } from 'react';
import { SHORTCUT, isCorrectSpellingShortcut, shortcutProps } from '../shortcuts';
import { useTranslation } from 'react-i18next';
import { toScript } from '../../../shared/script';
import { Field } from '../ui/Field';
import { NAME_FIELDS, nameScripts, type ClientDraft, type FieldProblems, type NameField } from './form-state';

interface NameFieldsProps {
  draft: ClientDraft;
  problems: FieldProblems;
  onChange: (patch: Partial<ClientDraft>) => void;
}

/**
 * Surname, given name and parent's name as typed, each with its spelling in the other script
 * underneath, live. Latin → Cyrillic is ambiguous at morpheme joins (DOMAIN.md §5), so the
 * derived spelling can be corrected for this record; a correction equal to the derived spelling
 * is not kept, so fixing the transliteration later still reaches the record.
 */
export function NameFields({ draft, problems, onChange }: NameFieldsProps) {
  const { t } = useTranslation('clients');
  const scripts = nameScripts(draft);
  const otherScriptName = scripts ? t(`script.${scripts.other}`) : '';
  const derived = (field: NameField) => (scripts ? toScript(draft[field], scripts.other) : '');
  const spelled = (field: NameField) => draft.nameOverrides[field] ?? derived(field);

  return (
    <>
      {NAME_FIELDS.map((field) => (
        <Field
          key={field}
          label={t(`field.${field}`)}
          problem={problems[field]}
          required={field !== 'parentName'}
          hint={
            scripts && draft[field].trim() !== '' ? (
              <span className="other-script-hint" lang={scripts.other === 'cyrl' ? 'sr-Cyrl' : 'sr-Latn'}>
                {otherScriptName}: <strong>{spelled(field)}</strong>
                {draft.nameOverrides[field] !== null ? <em> · {t('names.corrected')}</em> : null}
              </span>
            ) : undefined
          }
        >
          {(control) => (
            <input
              {...control}
              value={draft[field]}
              autoComplete="off"
              spellCheck={false}
              autoFocus={field === 'surname'}
              onChange={(event) => onChange({ [field]: event.target.value })}
            />
          )}
        </Field>
      ))}
    </>
  );
}

/**
 * "Correct the Cyrillic (Latin) spelling": it appears while the names are typed, so it sits at the
 * end of the person's block, never between a name and the next field in the Tab order (a Tab that
 * landed on it would lose the digits typed next).
 */
export function NameCorrections({ draft, problems, onChange }: NameFieldsProps) {
  const { t } = useTranslation('clients');
  const scripts = nameScripts(draft);
  const hasOverride = NAME_FIELDS.some((field) => draft.nameOverrides[field] !== null);
  const [correcting, setCorrecting] = useState(hasOverride);

  const derived = (field: NameField) => (scripts ? toScript(draft[field], scripts.other) : '');
  const spelled = (field: NameField) => draft.nameOverrides[field] ?? derived(field);
  const setOverride = (field: NameField, value: string) =>
    onChange({ nameOverrides: { ...draft.nameOverrides, [field]: value === derived(field) ? null : value } });

  const offered = scripts !== null && !correcting;
  // Opened by a click or the shortcut, the corrections take the focus (their first field).
  const focusOnOpen = useRef(false);
  const open = () => {
    focusOnOpen.current = true;
    setCorrecting(true);
  };
  const group = (element: HTMLDivElement | null) => {
    if (!element || !focusOnOpen.current) return;
    focusOnOpen.current = false;
    element.querySelector<HTMLInputElement>('input:not(:disabled)')?.focus();
  };
  useEffect(() => {
    if (!offered) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isCorrectSpellingShortcut(event)) return;
      event.preventDefault();
      open();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [offered]);

  if (!scripts) return null;
  if (!correcting) {
    // Out of the Tab order (it appears while typing, and a Tab that landed on it would lose what is
    // typed next); its shortcut is shown on it, and it can be clicked.
    return (
      <div className="field field--action span-all">
        <button
          type="button"
          className="button-small"
          tabIndex={-1}
          {...shortcutProps(SHORTCUT.correctSpelling, t(`names.correct.${scripts.other}`))}
          onClick={open}
        >
          {t(`names.correct.${scripts.other}`)}
        </button>
      </div>
    );
  }
  return (
    <div
      ref={group}
      className="name-corrections span-all"
      role="group"
      aria-label={t(`names.correctionsLabel.${scripts.other}`)}
    >
      {NAME_FIELDS.map((field) => (
        <Field
          key={field}
          label={t('names.inScript', {
            field: t(`field.${field}`),
            script: t(`scriptWord.${scripts.other}`),
          })}
          problem={problems[`nameOverrides.${field}`]}
        >
          {(control) => (
            <input
              {...control}
              value={spelled(field)}
              autoComplete="off"
              spellCheck={false}
              disabled={draft[field].trim() === ''}
              onChange={(event) => setOverride(field, event.target.value)}
            />
          )}
        </Field>
      ))}
      <div className="field field--action">
        <button
          type="button"
          className="button-small"
          onClick={() => {
            onChange({ nameOverrides: { surname: null, givenName: null, parentName: null } });
            setCorrecting(false);
          }}
        >
          {t('names.useDerived')}
        </button>
      </div>
    </div>
  );
}
