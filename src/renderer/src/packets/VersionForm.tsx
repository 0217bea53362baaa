import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DateInput } from '../ui/DateInput';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError, type Problem } from '../ui/problems';
import type { DraftProblems } from './fee-form';

/**
 * What the fee schedule and the municipality codes share in Settings: reference data kept as
 * versions, each in force from its date. A list of the versions (today's, or every one) with a
 * "new version" button per row, and a form whose draft is checked field by field before it is
 * sent. Each kind keeps only its own columns and fields.
 */

/** The fields every version has: when it takes effect, where it comes from, whether to re-check it. */
export interface VersionDraft {
  effectiveFrom: string;
  source: string;
  verify: boolean;
}

/** A draft's check: the input the core takes, or each field's problem. */
type DraftCheck<D, I> = (draft: D) => { ok: true; input: I } | { ok: false; problems: DraftProblems };

/** How a list hands its open draft to the form for that kind. */
export interface VersionFormProps<D> {
  draft: D;
  onChange: (draft: D) => void;
  onCancel: () => void;
  onSaved: () => void;
}

/**
 * The versions of one kind, reloaded when "show history" changes or a new version is saved, and
 * the draft being edited (`form` is null while no form is open).
 */
export function useVersionList<T, D>(load: (history: boolean) => Promise<{ items: T[] }>) {
  const [history, setHistory] = useState(false);
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState<D | null>(null);
  const reload = useCallback(() => {
    load(history).then(
      (result) => setItems(result.items),
      (failure: unknown) => setError(failure),
    );
  }, [history, load]);
  useEffect(reload, [reload]);
  const form: VersionFormProps<D> | null = draft
    ? {
        draft,
        onChange: setDraft,
        onCancel: () => setDraft(null),
        onSaved: () => {
          setDraft(null);
          reload();
        },
      }
    : null;
  return { history, setHistory, items, error, edit: setDraft, form };
}

export function HistoryToggle({
  history,
  onChange,
}: {
  history: boolean;
  onChange: (history: boolean) => void;
}) {
  const { t } = useTranslation('packets');
  return (
    <label className="choice">
      <input type="checkbox" checked={history} onChange={(e) => onChange(e.target.checked)} />
      {t('settings.showHistory')}
    </label>
  );
}

/**
 * The versions as a table: the kind's columns, then a "new version" button per row that opens the
 * form on a draft made from that row.
 */
export function VersionTable<T extends { id: string }>({
  headers,
  rows,
  cells,
  onNewVersion,
  className,
}: {
  headers: string[];
  rows: T[];
  cells: (row: T) => ReactNode;
  onNewVersion: (row: T) => void;
  className?: string;
}) {
  const { t } = useTranslation('packets');
  return (
    <table className={['data-table', className].filter(Boolean).join(' ')}>
      <thead>
        <tr>
          {headers.map((header) => (
            <th key={header}>{header}</th>
          ))}
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            {cells(row)}
            <td>
              <button type="button" className="button button-small" onClick={() => onNewVersion(row)}>
                {t('settings.newVersion')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Only the fields that hold text: the ones `text()` can render as a plain input. */
type TextField<D> = { [K in keyof D]: D[K] extends string ? K : never }[keyof D] & string;

/**
 * The editing state of one form: its problems, the failed save, whether a save is under way, and
 * field factories whose ids (`settings-<kind>-<field>`) and labels (`<kind>.field.<field>`) follow
 * the kind, so the two forms cannot drift apart.
 */
export function useVersionEditor<D extends VersionDraft, I>(
  kind: 'fee' | 'municipality',
  { draft, onChange, onSaved }: VersionFormProps<D>,
  check: DraftCheck<D, I>,
  saveInput: (input: I) => Promise<unknown>,
) {
  const { t } = useTranslation('packets');
  const [problems, setProblems] = useState<DraftProblems>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<D> | Partial<VersionDraft>) => onChange({ ...draft, ...patch });

  async function save() {
    const checked = check(draft);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    setSaving(true);
    try {
      await saveInput(checked.input);
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  const field = (name: keyof D & string, className: string, control: (id: string) => ReactNode) => (
    <DraftField
      name={`${kind}-${name}`}
      label={t(`${kind}.field.${name}`)}
      problem={problems[name]}
      className={className}
    >
      {control}
    </DraftField>
  );

  const text = (name: TextField<D>, className: string) =>
    field(name, className, (id) => (
      // A computed key loses its link to D; `TextField<D>` guarantees the value is text.
      <input
        id={id}
        value={draft[name] as string}
        onChange={(e) => set({ [name]: e.target.value } as Partial<D>)}
      />
    ));

  const effectiveFrom = () =>
    field('effectiveFrom', 'w3', (id) => (
      <DateInput id={id} value={draft.effectiveFrom} onChange={(value) => set({ effectiveFrom: value })} />
    ));

  return { draft, set, error, saving, save, field, text, effectiveFrom };
}

/**
 * The form around a kind's fields: checked on submit (the draft's schema names each problem
 * beside its field, so the browser's own validation is off), then the verify box, the failed
 * save's message and Cancel/Save.
 */
export function VersionForm({
  editor,
  onCancel,
  children,
}: {
  editor: {
    draft: VersionDraft;
    set: (patch: Partial<VersionDraft>) => void;
    error: unknown;
    saving: boolean;
    save: () => Promise<void>;
  };
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('packets');
  const { draft, set, error, saving, save } = editor;
  return (
    <form
      className="card form-grid"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {children}
      <label className="choice span-all">
        <input type="checkbox" checked={draft.verify} onChange={(e) => set({ verify: e.target.checked })} />
        {t('settings.stillToVerify')}
      </label>
      {error ? (
        <ProblemText className="banner banner-error span-all" problem={problemFromError(error)} />
      ) : null}
      <div className="form-actions span-all">
        <button type="button" onClick={onCancel}>
          {t('common:action.cancel')}
        </button>
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? t('action.saving') : t('settings.saveVersion')}
        </button>
      </div>
    </form>
  );
}

function DraftField({
  name,
  label,
  problem,
  className,
  children,
}: {
  name: string;
  label: string;
  problem: Problem | undefined;
  className: string;
  children: (id: string) => ReactNode;
}) {
  const id = `settings-${name}`;
  return (
    <div className={['field', className, problem ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {problem ? <ProblemText className="field-message field-message--error" problem={problem} /> : null}
    </div>
  );
}
