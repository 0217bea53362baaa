import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import {
  ClientCategory,
  ResidenceStatus,
  ScriptCode,
  Sex,
  type Address,
  type Client,
  type ClientFields,
} from '../../../shared/client';
import { AppError } from '../../../shared/errors';
import { checkJmbg } from '../../../shared/jmbg';
import type { Script } from '../../../shared/script';
import { navigate, pathTo, setLeaveGuard } from '../router';
import { SHORTCUT, isPrintPacketShortcut } from '../shortcuts';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Field } from '../ui/Field';
import { ProblemText } from '../ui/ProblemText';
import { fieldProblemsFromError, problemFromError, type Problem } from '../ui/problems';
import { dateTextToIso, formatDate } from '../ui/dates';
import { DocumentsEditor } from './DocumentsEditor';
import { validateDraft, type AddressDraft, type ClientDraft, type FieldProblems } from './form-state';
import { PossibleDuplicatesNotice } from '../casework';
import { JmbgField } from './JmbgField';
import { assessJmbg } from './jmbg-assist';
import { NameCorrections, NameFields } from './NameFields';
import { MunicipalityChoice, ReadingLanguageField } from '../packets/ClientPacketFields';

interface ClientFormProps {
  title: string;
  initial: ClientDraft;
  /** Where Cancel / Esc go. */
  cancelTo: string;
  /** Saves; a thrown AppError is shown on the form. */
  onSave: (fields: ClientFields) => Promise<Client>;
  /** `print`: the person asked to print a packet right after saving (Alt+P). */
  onSaved: (client: Client, then: { print: boolean }) => void;
  /** Loads the record again after someone else changed it (CONFLICT). */
  onReload?: () => void;
  /** The record being edited, so it is not offered as its own possible duplicate. */
  recordId?: string;
}

interface Banner {
  problem: Problem;
  action?: { label: string; run: () => void };
  /** The draft it was about: an answer from the core goes once the person changes something. */
  draft: ClientDraft;
  /** The form's own "fix the fields" note stays while any field still has a problem. */
  whileProblems?: boolean;
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

const isoOrNull = (text: string): string | null => {
  const iso = dateTextToIso(text);
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : null;
};

/**
 * The New / Edit client form, keyboard first: fields in reading order, Enter saves (Ctrl+Enter in
 * the notes), Esc cancels (asking first when something was changed). Problems appear beside their
 * fields, from the shared schema before saving and from the core after.
 */
export function ClientForm({
  title,
  initial,
  cancelTo,
  onSave,
  onSaved,
  onReload,
  recordId,
}: ClientFormProps) {
  const { t } = useTranslation('clients');
  const [draft, setDraft] = useState(initial);
  // Problems the core reported for the draft as it was saved; they go when the draft changes.
  const [saveProblems, setSaveProblems] = useState<{ draft: ClientDraft; problems: FieldProblems } | null>(
    null,
  );
  const [banner, setBanner] = useState<Banner | null>(null);
  const [checkAsYouType, setCheckAsYouType] = useState(false);
  const [saving, setSaving] = useState(false);
  /** The JMBG the core refused without a reason: ask for one while it stays as it is. */
  const [refusedJmbg, setRefusedJmbg] = useState<string | null>(null);
  const [pendingLeave, setPendingLeave] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const reasonInput = useRef<HTMLInputElement>(null);

  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const mayLeave = useRef(true);
  useEffect(() => {
    mayLeave.current = !dirty;
  }, [dirty]);

  // After a first attempt to save, the schema's problems follow the typing (and go once fixed).
  const liveProblems = useMemo(() => {
    if (!checkAsYouType) return {};
    const result = validateDraft(draft);
    return result.ok ? {} : result.problems;
  }, [draft, checkAsYouType]);
  const problems: FieldProblems = {
    ...liveProblems,
    ...(saveProblems?.draft === draft ? saveProblems.problems : {}),
  };

  useEffect(
    () =>
      setLeaveGuard((to) => {
        if (mayLeave.current) return true;
        setPendingLeave(to);
        return false;
      }),
    [],
  );

  useEffect(() => {
    if (focusRequest === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const notice = assessJmbg(draft.jmbg, { birthDate: isoOrNull(draft.birthDate), sex: draft.sex || null });

  const change = (patch: Partial<ClientDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const changeAddress = (key: keyof Address, value: string) =>
    setDraft((current) => ({ ...current, address: { ...current.address, [key]: value } as AddressDraft }));

  /** A valid JMBG fills the birth date and sex the person has not filled in yet. */
  const changeJmbg = (value: string) =>
    setDraft((current) => {
      const next = { ...current, jmbg: value };
      const check = checkJmbg(value);
      if (check.valid) {
        if (current.birthDate.trim() === '') next.birthDate = formatDate(check.birthDate);
        if (current.sex === '') next.sex = check.sex;
      }
      return next;
    });

  async function save(event?: FormEvent, then = { print: false }) {
    event?.preventDefault();
    if (saving) return;
    setBanner(null);
    const result = validateDraft(draft);
    if (!result.ok) {
      setCheckAsYouType(true);
      setBanner({ problem: { key: 'errors:code.VALIDATION' }, draft, whileProblems: true });
      setFocusRequest((n) => n + 1);
      return;
    }
    setSaving(true);
    try {
      const saved = await onSave(result.fields);
      mayLeave.current = true;
      onSaved(saved, then);
    } catch (error) {
      showSaveError(error);
    } finally {
      setSaving(false);
    }
  }

  function showSaveError(error: unknown) {
    const code = error instanceof AppError ? error.code : 'INTERNAL';
    const banner: Banner = { problem: problemFromError(error), draft };
    const showOnFields = (problems: FieldProblems) => setSaveProblems({ draft, problems });
    if (code === 'VALIDATION') {
      showOnFields(fieldProblemsFromError(error));
      setFocusRequest((n) => n + 1);
    } else if (code === 'JMBG_INVALID') {
      showOnFields({ jmbg: { key: 'clients:jmbg.refused' } });
      setRefusedJmbg(draft.jmbg);
      window.setTimeout(() => reasonInput.current?.focus());
    } else if (code === 'DUPLICATE_JMBG' && error instanceof AppError) {
      showOnFields({ jmbg: { key: 'errors:field.jmbgTaken' } });
      const existingId = error.detail?.existingId;
      if (typeof existingId === 'string') {
        banner.action = {
          label: t('form.openExisting'),
          run: () => navigate(pathTo('/clients/:id', { id: existingId })),
        };
      }
    } else if (code === 'CONFLICT' && onReload) {
      banner.action = { label: t('form.reload'), run: onReload };
    }
    setBanner(banner);
  }

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      navigate(cancelTo);
    } else if (isPrintPacketShortcut(event.nativeEvent)) {
      event.preventDefault();
      void save(undefined, { print: true });
    } else if (
      event.key === 'Enter' &&
      (event.ctrlKey || event.metaKey || event.target instanceof HTMLSelectElement)
    ) {
      // Text fields submit on Enter by themselves; a select does not, and a textarea needs Ctrl.
      event.preventDefault();
      void save();
    }
  };

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
      <form ref={form} className="client-form" onSubmit={save} onKeyDown={onKeyDown} noValidate>
        <header className="page-header">
          <h1>{title}</h1>
          <span className="muted">{t('form.keysHint')}</span>
        </header>

        {banner &&
        (banner.draft === draft || (banner.whileProblems && Object.keys(liveProblems).length > 0)) ? (
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
            reasonInput={reasonInput}
            onJmbgChange={changeJmbg}
            onReasonChange={(value) => change({ jmbgOverrideReason: value })}
            forceReason={refusedJmbg === draft.jmbg}
          />
          <Field label={t('field.category')} problem={problems.category} className="w3" required>
            {(control) => (
              <select
                {...control}
                value={draft.category}
                onChange={(event) => change({ category: event.target.value as ClientCategory | '' })}
              >
                <option value="">{t('common:choose')}</option>
                {ClientCategory.options.map((category) => (
                  <option key={category} value={category}>
                    {t(`category.${category}`)}
                  </option>
                ))}
              </select>
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
              <select
                {...control}
                value={draft.residenceStatus}
                onChange={(event) => change({ residenceStatus: event.target.value as ResidenceStatus | '' })}
              >
                <option value="">{t('common:notGiven')}</option>
                {ResidenceStatus.options.map((status) => (
                  <option key={status} value={status}>
                    {t(`residenceStatus.${status}`)}
                  </option>
                ))}
              </select>
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
              <select
                {...control}
                value={draft.sex}
                onChange={(event) => change({ sex: event.target.value as Sex | '' })}
              >
                <option value="">—</option>
                {Sex.options.map((sex) => (
                  <option key={sex} value={sex}>
                    {t(`sex.${sex}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('citizenship')}
          <Field
            label={t('field.preferredScript')}
            problem={problems.preferredScript}
            hint={t('form.preferredScriptHint')}
          >
            {(control) => (
              <select
                {...control}
                value={draft.preferredScript}
                onChange={(event) => change({ preferredScript: event.target.value as Script })}
              >
                {ScriptCode.options.map((script) => (
                  <option key={script} value={script}>
                    {t(`script.${script}`)}
                  </option>
                ))}
              </select>
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
          onCancel={() => setPendingLeave(null)}
          onConfirm={() => {
            mayLeave.current = true;
            navigate(pendingLeave, { force: true });
          }}
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
