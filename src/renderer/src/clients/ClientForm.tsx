import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ClientCategory, ResidenceStatus, ScriptCode, Sex, type Address } from '../../../shared/client';
import { navigate } from '../router';
import { SHORTCUT } from '../shortcuts';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EnumSelect } from '../ui/EnumSelect';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { DocumentsEditor } from './DocumentsEditor';
import type { ClientDraft } from './form-state';
import { PossibleDuplicatesNotice } from '../casework';
import { JmbgField } from './JmbgField';
import { NameCorrections, NameFields } from './NameFields';
import { MunicipalityChoice, ReadingLanguageField } from '../packets/ClientPacketFields';
import { isoOrNull, useClientForm, type ClientFormOptions } from './useClientForm';

interface ClientFormProps extends ClientFormOptions {
  title: string;
  /** The record being edited, so it is not offered as its own possible duplicate. */
  recordId?: string;
}

/** Width of each address part in grid columns (of 8): short parts get short boxes. */
const ADDRESS_LAYOUT: ReadonlyArray<readonly [keyof Address, string]> = [
  ['place', 'w2'],
  ['municipality', 'w2'],
  ['street', 'w3'],
  ['number', 'w1'],
  ['entrance', 'w1'],
  ['floor', 'w1'],
  ['flat', 'w1'],
];

/**
 * The New / Edit client form, keyboard first: fields in reading order, Enter saves (Ctrl+Enter in
 * the notes), Esc cancels (asking first when something was changed). Problems appear beside their
 * fields, from the shared schema before saving and from the core after. The state and what the
 * keys do live in useClientForm.ts; this draws it.
 */
export function ClientForm({ title, recordId, ...options }: ClientFormProps) {
  const { t } = useTranslation('clients');
  const {
    draft,
    problems,
    banner,
    notice,
    dirty,
    saving,
    forceReason,
    formRef,
    reasonInputRef,
    change,
    changeAddress,
    changeJmbg,
    save,
    onKeyDown,
    pendingLeave,
    keepEditing,
    discard,
  } = useClientForm(options);
  const { cancelTo } = options;

  const text = (
    key: Exclude<keyof ClientDraft, 'address' | 'documents' | 'nameOverrides'>,
    className?: string,
  ) => (
    <Field label={t(`field.${key}`)} problem={problems[key]} className={className}>
      {(control) => (
        <input
          {...control}
          value={draft[key]}
          autoComplete="off"
          onChange={(event) => change({ [key]: event.target.value })}
        />
      )}
    </Field>
  );

  const date = (key: 'birthDate' | 'returnDate') => (
    <Field label={t(`field.${key}`)} problem={problems[key]} className="w1">
      {(control) => (
        <input
          {...control}
          className="date-input"
          value={draft[key]}
          placeholder={t('common:datePlaceholder')}
          autoComplete="off"
          onChange={(event) => change({ [key]: event.target.value })}
        />
      )}
    </Field>
  );

  return (
    <>
      <form ref={formRef} className="client-form" onSubmit={save} onKeyDown={onKeyDown} noValidate>
        <header className="page-header">
          <h1>{title}</h1>
          <span className="muted">{t('form.keysHint')}</span>
        </header>

        {banner ? (
          <div className="banner banner-error">
            <ProblemText problem={banner.problem} />
            {banner.action ? (
              <button type="button" onClick={banner.action.run}>
                {banner.action.label}
              </button>
            ) : null}
          </div>
        ) : null}

        <PossibleDuplicatesNotice
          surname={draft.surname}
          givenName={draft.givenName}
          birthDate={isoOrNull(draft.birthDate)}
          jmbg={draft.jmbg.trim() || null}
          excludeId={recordId}
        />
        <Section title={t('section.person')}>
          <NameFields draft={draft} problems={problems} onChange={change} />
          <JmbgField
            jmbg={draft.jmbg}
            reason={draft.jmbgOverrideReason}
            notice={notice}
            problem={problems.jmbg}
            reasonProblem={problems.jmbgOverrideReason}
            reasonInput={reasonInputRef}
            onJmbgChange={changeJmbg}
            onReasonChange={(value) => change({ jmbgOverrideReason: value })}
            forceReason={forceReason}
          />
          <Field label={t('field.category')} problem={problems.category} className="w3" required>
            {(control) => (
              <EnumSelect
                {...control}
                value={draft.category}
                options={ClientCategory.options}
                empty={t('common:choose')}
                label={(category) => t(`category.${category}`)}
                onChange={(category) => change({ category })}
              />
            )}
          </Field>
          {text('birthPlace', 'w3')}
          {text('birthCountry')}
          <NameCorrections draft={draft} problems={problems} onChange={change} />
        </Section>

        <Section title={t('section.contact')}>
          {ADDRESS_LAYOUT.map(([key, className]) => (
            <Field
              key={key}
              label={t(`address.${key}`)}
              problem={problems[`address.${key}`]}
              className={className}
            >
              {(control) => (
                <input
                  {...control}
                  value={draft.address[key]}
                  autoComplete="off"
                  onChange={(event) => changeAddress(key, event.target.value)}
                />
              )}
            </Field>
          ))}
          <MunicipalityChoice
            place={draft.address.place}
            municipality={draft.address.municipality}
            onChoose={(name) => changeAddress('municipality', name)}
          />
          <Field label={t('field.residenceStatus')} problem={problems.residenceStatus} className="w3">
            {(control) => (
              <EnumSelect
                {...control}
                value={draft.residenceStatus}
                options={ResidenceStatus.options}
                empty={t('common:notGiven')}
                label={(status) => t(`residenceStatus.${status}`)}
                onChange={(residenceStatus) => change({ residenceStatus })}
              />
            )}
          </Field>
          {text('phone')}
        </Section>

        {/* What a valid JMBG fills in and what has a default: after the fields a person types, so
            the Tab path of a new client goes from the birth country straight to the address. */}
        <Section title={t('section.filled')} hint={t('form.filledHint')}>
          {date('birthDate')}
          <Field label={t('field.sex')} problem={problems.sex} className="w1">
            {(control) => (
              <EnumSelect
                {...control}
                value={draft.sex}
                options={Sex.options}
                empty="—"
                label={(sex) => t(`sex.${sex}`)}
                onChange={(sex) => change({ sex })}
              />
            )}
          </Field>
          {text('citizenship')}
          <Field
            label={t('field.preferredScript')}
            problem={problems.preferredScript}
            hint={t('form.preferredScriptHint')}
          >
            {(control) => (
              <EnumSelect
                {...control}
                value={draft.preferredScript}
                options={ScriptCode.options}
                label={(script) => t(`script.${script}`)}
                onChange={(preferredScript) => change({ preferredScript })}
              />
            )}
          </Field>
          <ReadingLanguageField
            value={draft.readingLanguage}
            onChange={(readingLanguage) => change({ readingLanguage })}
          />
        </Section>

        <Section title={t('section.status')}>
          {date('returnDate')}
          {text('returnCountry')}
          <Field label={t('field.readmission')} problem={problems.readmission}>
            {(control) => (
              <select
                {...control}
                value={draft.readmission}
                onChange={(event) =>
                  change({ readmission: event.target.value as ClientDraft['readmission'] })
                }
              >
                <option value="">{t('common:notGiven')}</option>
                <option value="yes">{t('common:yes')}</option>
                <option value="no">{t('common:no')}</option>
              </select>
            )}
          </Field>
        </Section>

        <Section title={t('section.documents')}>
          <div className="span-all">
            <DocumentsEditor
              documents={draft.documents}
              problems={problems}
              onChange={(documents) => change({ documents })}
            />
          </div>
        </Section>

        <Section title={t('section.notes')}>
          <Field
            label={t('field.notes')}
            problem={problems.notes}
            className="span-all"
            hint={t('form.notesHint')}
          >
            {(control) => (
              <textarea
                {...control}
                rows={3}
                value={draft.notes}
                onChange={(event) => change({ notes: event.target.value })}
              />
            )}
          </Field>
        </Section>

        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? t('form.saving') : t('form.save')}
          </button>
          <button type="button" onClick={() => navigate(cancelTo)} disabled={saving}>
            {t('form.cancel')}
          </button>
          <span className="muted">
            <kbd className="shortcut">{SHORTCUT.printPacket}</kbd> {t('form.saveAndPrint')}
          </span>
          {dirty ? <span className="muted">{t('form.unsaved')}</span> : null}
        </div>
      </form>

      {pendingLeave !== null ? (
        <ConfirmDialog
          title={t('form.discardTitle')}
          confirmLabel={t('form.discard')}
          cancelLabel={t('form.keepEditing')}
          danger
          onCancel={keepEditing}
          onConfirm={discard}
        >
          <p>{t('form.discardQuestion')}</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      <legend>{title}</legend>
      {hint ? <p className="muted form-section-hint">{hint}</p> : null}
      <div className="form-grid">{children}</div>
    </fieldset>
  );
}
