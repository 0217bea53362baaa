import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Municipality } from '../../../shared/packets';
import { ScriptCode } from '../../../shared/client';
import type { Script } from '../../../shared/script';
import { scriptOfLanguage } from '../i18n';
import { Field } from '../ui/Field';
import {
  citiesOf,
  municipalitiesFor,
  placeName,
  withCity,
  type OfficeDraft,
  type OfficeProblems,
} from './office-form';

/**
 * The office's name, city and municipality, and the municipality's model-97 code when nobody has
 * entered it yet. Shared by the wizard's office step and Settings → Office.
 */
export function OfficeFields({
  draft,
  onChange,
  problems,
  municipalities,
  autoFocus,
}: {
  draft: OfficeDraft;
  onChange: (draft: OfficeDraft) => void;
  problems: OfficeProblems;
  municipalities: readonly Municipality[];
  autoFocus?: boolean;
}) {
  const { t, i18n } = useTranslation('setup');
  const script = scriptOfLanguage(i18n.language);
  const citiesId = useId();
  const offered = municipalitiesFor(municipalities, draft.city);
  const chosen = municipalities.find((m) => m.name === draft.municipality);
  const label = (m: Municipality) => {
    const name = placeName(m.name, script, m);
    return m.code ? t('office.withCode', { name, code: m.code }) : t('office.codeMissing', { name });
  };

  return (
    <>
      <Field label={t('office.name')} problem={problems.name} hint={t('office.nameHint')}>
        {(control) => (
          <input
            {...control}
            value={draft.name}
            maxLength={100}
            autoComplete="organization"
            autoFocus={autoFocus}
            onChange={(event) => onChange({ ...draft, name: event.target.value })}
          />
        )}
      </Field>
      <Field label={t('office.city')} problem={problems.city} hint={t('office.cityHint')}>
        {(control) => (
          <>
            <input
              {...control}
              value={draft.city}
              maxLength={100}
              list={citiesId}
              autoComplete="off"
              onChange={(event) => onChange(withCity(draft, event.target.value, municipalities))}
            />
            <datalist id={citiesId}>
              {citiesOf(municipalities).map((city) => (
                <option key={city} value={placeName(city, script)} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field
        label={t('office.municipality')}
        problem={problems.municipality}
        hint={t('office.municipalityHint')}
      >
        {(control) => (
          <select
            {...control}
            value={draft.municipality}
            onChange={(event) =>
              onChange({ ...draft, municipality: event.target.value, municipalityCode: '' })
            }
          >
            <option value="">{t('office.choose')}</option>
            {offered.map((m) => (
              <option key={m.id} value={m.name}>
                {label(m)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {chosen && !chosen.code ? (
        <Field label={t('office.code')} problem={problems.municipalityCode} hint={t('office.codeHint')}>
          {(control) => (
            <input
              {...control}
              className="mono setup-code"
              value={draft.municipalityCode}
              inputMode="numeric"
              maxLength={3}
              placeholder="000"
              autoComplete="off"
              onChange={(event) => onChange({ ...draft, municipalityCode: event.target.value.trim() })}
            />
          )}
        </Field>
      ) : null}
    </>
  );
}

/** Cyrillic or Latin for the pages of new clients' packets that follow the client's script. */
export function PacketScriptChoice({
  value,
  onChange,
}: {
  value: Script;
  onChange: (script: Script) => void;
}) {
  const { t } = useTranslation('setup');
  const headingId = useId();
  return (
    <div className="field">
      <span className="setup-choice-heading" id={headingId}>
        {t('language.packetScript')}
      </span>
      <div className="choice-list" role="radiogroup" aria-labelledby={headingId}>
        {ScriptCode.options.map((script) => (
          <label key={script} className="choice">
            <input
              type="radio"
              name={`packet-script-${headingId}`}
              value={script}
              checked={value === script}
              onChange={() => onChange(script)}
            />
            {t(`language.script.${script}`)}
          </label>
        ))}
      </div>
      <div className="field-message">{t('language.packetScriptHint')}</div>
    </div>
  );
}
