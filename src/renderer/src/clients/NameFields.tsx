import { useState } from 'react';
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
  const hasOverride = NAME_FIELDS.some((field) => draft.nameOverrides[field] !== null);
  const [correcting, setCorrecting] = useState(hasOverride);

  const derived = (field: NameField) => (scripts ? toScript(draft[field], scripts.other) : '');
  const spelled = (field: NameField) => draft.nameOverrides[field] ?? derived(field);

  const setOverride = (field: NameField, value: string) =>
    onChange({ nameOverrides: { ...draft.nameOverrides, [field]: value === derived(field) ? null : value } });

  const otherScriptName = scripts ? t(`script.${scripts.other}`) : '';

  return (
    <>
      {NAME_FIELDS.map((field) => (
        <Field
          key={field}
          label={t(`field.${field}`)}
          problem={problems[field]}
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
      <div className="field field--action">
        {scripts && !correcting ? (
          <button type="button" className="button-small" onClick={() => setCorrecting(true)}>
            {t(`names.correct.${scripts.other}`)}
          </button>
        ) : null}
      </div>

      {scripts && correcting ? (
        <div
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
      ) : null}
    </>
  );
}
