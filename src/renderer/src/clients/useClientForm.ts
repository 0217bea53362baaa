import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Address, Client, ClientFields } from '../../../shared/client';
import { AppError } from '../../../shared/errors';
import { checkJmbg } from '../../../shared/jmbg';
import { navigate, pathTo, setLeaveGuard } from '../router';
import { isPrintPacketShortcut } from '../shortcuts';
import { dateTextToIso, formatDate } from '../ui/dates';
import { fieldProblemsFromError, problemFromError, type Problem } from '../ui/problems';
import { useAction } from '../ui/useAction';
import { validateDraft, type AddressDraft, type ClientDraft, type FieldProblems } from './form-state';
import { assessJmbg } from './jmbg-assist';

export interface ClientFormOptions {
  initial: ClientDraft;
  /** Where Cancel / Esc go. */
  cancelTo: string;
  /** Saves; a thrown AppError is shown on the form. */
  onSave: (fields: ClientFields) => Promise<Client>;
  /** `print`: the person asked to print a packet right after saving (Alt+P). */
  onSaved: (client: Client, then: { print: boolean }) => void;
  /** Loads the record again after someone else changed it (CONFLICT). */
  onReload?: () => void;
}

export interface Banner {
  problem: Problem;
  action?: { label: string; run: () => void };
  /** The draft it was about: an answer from the core goes once the person changes something. */
  draft: ClientDraft;
  /** The form's own "fix the fields" note stays while any field still has a problem. */
  whileProblems?: boolean;
}

/** A typed date as `YYYY-MM-DD`, or null while it is not a whole date yet. */
export const isoOrNull = (text: string): string | null => {
  const iso = dateTextToIso(text);
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : null;
};

/**
 * The New / Edit client form's state and behaviour, so `ClientForm` only draws it: the draft and
 * its changes (a valid JMBG fills birth date and sex), problems from the shared schema (live after
 * a first attempt to save) and from the core (until the draft changes), the banner, saving, the
 * keys (Esc, Alt+P, Enter in a select, Ctrl+Enter), and the question before leaving with changes.
 */
export function useClientForm({ initial, cancelTo, onSave, onSaved, onReload }: ClientFormOptions) {
  const { t } = useTranslation('clients');
  const [draft, setDraft] = useState(initial);
  // Problems the core reported for the draft as it was saved; they go when the draft changes.
  const [saveProblems, setSaveProblems] = useState<{ draft: ClientDraft; problems: FieldProblems } | null>(
    null,
  );
  const [banner, setBanner] = useState<Banner | null>(null);
  const [checkAsYouType, setCheckAsYouType] = useState(false);
  /** The JMBG the core refused without a reason: ask for one while it stays as it is. */
  const [refusedJmbg, setRefusedJmbg] = useState<string | null>(null);
  const [pendingLeave, setPendingLeave] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const reasonInputRef = useRef<HTMLInputElement>(null);

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
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
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

  const saving = useAction(
    async (fields: ClientFields, then: { print: boolean }) => {
      const saved = await onSave(fields);
      mayLeave.current = true;
      onSaved(saved, then);
    },
    { onFailure: (error) => showSaveError(error) },
  );

  function save(event?: FormEvent, then = { print: false }) {
    event?.preventDefault();
    if (saving.busy) return;
    setBanner(null);
    const result = validateDraft(draft);
    if (!result.ok) {
      setCheckAsYouType(true);
      setBanner({ problem: { key: 'errors:code.VALIDATION' }, draft, whileProblems: true });
      setFocusRequest((n) => n + 1);
      return;
    }
    void saving.run(result.fields, then);
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
      window.setTimeout(() => reasonInputRef.current?.focus());
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
      save(undefined, { print: true });
    } else if (
      event.key === 'Enter' &&
      (event.ctrlKey || event.metaKey || event.target instanceof HTMLSelectElement)
    ) {
      // Text fields submit on Enter by themselves; a select does not, and a textarea needs Ctrl.
      event.preventDefault();
      save();
    }
  };

  /** The banner while it still applies: to this draft, or (the form's own note) while problems remain. */
  const shownBanner =
    banner && (banner.draft === draft || (banner.whileProblems && Object.keys(liveProblems).length > 0))
      ? banner
      : null;

  return {
    draft,
    problems,
    banner: shownBanner,
    notice,
    dirty,
    saving: saving.busy,
    /** Ask for a reason beside the JMBG: the core refused this one without it. */
    forceReason: refusedJmbg === draft.jmbg,
    formRef,
    reasonInputRef,
    change,
    changeAddress,
    changeJmbg,
    save,
    onKeyDown,
    /** Where the person asked to go with unsaved changes, while the discard question is open. */
    pendingLeave,
    keepEditing: () => setPendingLeave(null),
    discard: () => {
      if (pendingLeave === null) return;
      mayLeave.current = true;
      navigate(pendingLeave, { force: true });
    },
  };
}
