import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeeEntry, Municipality } from '../../../shared/packets';
import { formatAccount } from '../../../shared/payment/account';
import { formatAmount } from '../../../shared/payment/money';
import { api } from '../api';
import { DateInput } from '../ui/DateInput';
import { formatDate, todayIso } from '../ui/dates';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError, type Problem } from '../ui/problems';
import {
  checkFeeDraft,
  checkMunicipalityDraft,
  feeDraftFrom,
  municipalityDraftFrom,
  type DraftProblems,
  type FeeDraft,
  type MunicipalityDraft,
} from './fee-form';

/**
 * Settings → fees and municipality codes: the versions in force today (or every version), and a
 * form to add a new version in force from its date. The same checks as the core, shown per field
 * before anything is sent; packets already printed keep the version they used.
 */
export function FeeSettings() {
  const { t } = useTranslation('packets');
  return (
    <div>
      <section className="form-section">
        <h2>{t('settings.feesTitle')}</h2>
        <p className="muted">{t('settings.feesIntro')}</p>
        <FeeTable />
      </section>
      <section className="form-section">
        <h2>{t('settings.codesTitle')}</h2>
        <p className="muted">{t('settings.codesIntro')}</p>
        <MunicipalityTable />
      </section>
    </div>
  );
}

function useList<T>(load: (history: boolean) => Promise<{ items: T[] }>) {
  const [history, setHistory] = useState(false);
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    load(history).then(
      (result) => setItems(result.items),
      (failure: unknown) => setError(failure),
    );
  }, [history, load]);
  useEffect(reload, [reload]);
  return { history, setHistory, items, error, reload };
}

const loadFees = (history: boolean) => api.call('fees.list', { history });
const loadMunicipalities = (history: boolean) => api.call('municipalities.list', { history });

function FeeTable() {
  const { t } = useTranslation('packets');
  const { history, setHistory, items, error, reload } = useList<FeeEntry>(loadFees);
  const [draft, setDraft] = useState<FeeDraft | null>(null);

  return (
    <div>
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
      <label className="choice">
        <input type="checkbox" checked={history} onChange={(e) => setHistory(e.target.checked)} />
        {t('settings.showHistory')}
      </label>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('fee.column.label')}</th>
            <th>{t('fee.column.amount')}</th>
            <th>{t('fee.column.account')}</th>
            <th>{t('fee.column.reference')}</th>
            <th>{t('fee.column.effectiveFrom')}</th>
            <th>{t('fee.column.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(items ?? []).map((fee) => (
            <tr key={fee.id}>
              <td>
                {fee.label}
                <div className="muted" title={fee.source}>
                  {fee.recipient} · {fee.purpose}
                </div>
              </td>
              <td className="nowrap">{t('money', { amount: formatAmount(fee.amountPara) })}</td>
              <td className="mono nowrap">{formatAccount(fee.account)}</td>
              <td className="nowrap">
                {fee.model} {t(`fee.referenceKind.${fee.referenceKind}`)} {fee.reference ?? ''}
              </td>
              <td className="nowrap">{formatDate(fee.effectiveFrom)}</td>
              <td>
                {fee.verify ? <span className="badge badge-warning">{t('settings.verify')}</span> : null}{' '}
                {fee.current ? <span className="badge badge-ok">{t('settings.current')}</span> : null}
              </td>
              <td>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setDraft(feeDraftFrom(fee, todayIso()))}
                >
                  {t('settings.newVersion')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {draft ? (
        <FeeForm
          draft={draft}
          onChange={setDraft}
          onCancel={() => setDraft(null)}
          onSaved={() => {
            setDraft(null);
            reload();
          }}
        />
      ) : null}
    </div>
  );
}

function FeeForm({
  draft,
  onChange,
  onCancel,
  onSaved,
}: {
  draft: FeeDraft;
  onChange: (d: FeeDraft) => void;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation('packets');
  const [problems, setProblems] = useState<DraftProblems>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<FeeDraft>) => onChange({ ...draft, ...patch });

  async function save() {
    const checked = checkFeeDraft(draft);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    setSaving(true);
    try {
      await api.call('fees.save', { fee: checked.input });
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  const text = (name: keyof FeeDraft & string, className: string) => (
    <DraftField
      name={`fee-${name}`}
      label={t(`fee.field.${name}`)}
      problem={problems[name]}
      className={className}
    >
      {(id) => (
        <input id={id} value={String(draft[name])} onChange={(e) => set({ [name]: e.target.value })} />
      )}
    </DraftField>
  );

  return (
    <form
      className="card form-grid"
      noValidate // the draft's schema names each problem beside its field
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 className="span-all">{t('settings.newVersionOf', { label: draft.label })}</h3>
      {text('label', 'span-all')}
      {text('recipient', 'w4')}
      {text('purpose', 'w4')}
      {text('amount', 'w1')}
      {text('account', 'w3')}
      {text('paymentBasis', 'w1')}
      {text('model', 'w1')}
      <DraftField
        name="fee-referenceKind"
        label={t('fee.field.referenceKind')}
        problem={problems.referenceKind}
        className="w3"
      >
        {(id) => (
          <select
            id={id}
            value={draft.referenceKind}
            onChange={(e) => set({ referenceKind: e.target.value as FeeDraft['referenceKind'] })}
          >
            {(['municipality', 'fixed', 'none'] as const).map((kind) => (
              <option key={kind} value={kind}>
                {t(`fee.referenceKind.${kind}`)}
              </option>
            ))}
          </select>
        )}
      </DraftField>
      {draft.referenceKind === 'fixed' ? text('reference', 'w1') : null}
      <DraftField
        name="fee-effectiveFrom"
        label={t('fee.field.effectiveFrom')}
        problem={problems.effectiveFrom}
        className="w3"
      >
        {(id) => (
          <DateInput
            id={id}
            value={draft.effectiveFrom}
            onChange={(effectiveFrom) => set({ effectiveFrom })}
          />
        )}
      </DraftField>
      <DraftField
        name="fee-source"
        label={t('fee.field.source')}
        problem={problems.source}
        className="span-all"
      >
        {(id) => (
          <textarea
            id={id}
            rows={2}
            value={draft.source}
            placeholder={t('settings.sourcePlaceholder')}
            onChange={(e) => set({ source: e.target.value })}
          />
        )}
      </DraftField>
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

function MunicipalityTable() {
  const { t } = useTranslation('packets');
  const { history, setHistory, items, error, reload } = useList<Municipality>(loadMunicipalities);
  const [filter, setFilter] = useState('');
  const [draft, setDraft] = useState<MunicipalityDraft | null>(null);
  const shown = (items ?? []).filter((m) =>
    `${m.name} ${m.nameCyrl} ${m.city ?? ''}`.toLowerCase().includes(filter.trim().toLowerCase()),
  );

  return (
    <div>
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
      <div className="search-bar">
        <input
          className="search-input"
          aria-label={t('settings.filter')}
          placeholder={t('settings.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label className="choice">
          <input type="checkbox" checked={history} onChange={(e) => setHistory(e.target.checked)} />
          {t('settings.showHistory')}
        </label>
        <button
          type="button"
          className="button button-small"
          onClick={() => setDraft(municipalityDraftFrom(null, todayIso()))}
        >
          {t('settings.addMunicipality')}
        </button>
      </div>
      <p className="muted">
        {t('settings.codesMissing', { count: (items ?? []).filter((m) => m.current && !m.code).length })}
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('municipality.column.name')}</th>
            <th>{t('municipality.column.code')}</th>
            <th>{t('municipality.column.effectiveFrom')}</th>
            <th>{t('fee.column.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((m) => (
            <tr key={m.id}>
              <td>
                {m.name} <span className="muted">{m.nameCyrl}</span>
                {m.city ? <div className="muted">{m.city}</div> : null}
              </td>
              <td className="mono" title={m.source}>
                {m.code ?? <span className="badge badge-danger">{t('municipality.noCode')}</span>}
              </td>
              <td className="nowrap">{formatDate(m.effectiveFrom)}</td>
              <td>{m.verify ? <span className="badge badge-warning">{t('settings.verify')}</span> : null}</td>
              <td>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setDraft(municipalityDraftFrom(m, todayIso()))}
                >
                  {t('settings.newVersion')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {draft ? (
        <MunicipalityForm
          draft={draft}
          onChange={setDraft}
          onCancel={() => setDraft(null)}
          onSaved={() => {
            setDraft(null);
            reload();
          }}
        />
      ) : null}
    </div>
  );
}

function MunicipalityForm({
  draft,
  onChange,
  onCancel,
  onSaved,
}: {
  draft: MunicipalityDraft;
  onChange: (d: MunicipalityDraft) => void;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation('packets');
  const [problems, setProblems] = useState<DraftProblems>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<MunicipalityDraft>) => onChange({ ...draft, ...patch });

  async function save() {
    const checked = checkMunicipalityDraft(draft);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    setSaving(true);
    try {
      await api.call('municipalities.save', { municipality: checked.input });
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  const text = (name: Exclude<keyof MunicipalityDraft, 'verify' | 'effectiveFrom'>, className: string) => (
    <DraftField
      name={`municipality-${name}`}
      label={t(`municipality.field.${name}`)}
      problem={problems[name]}
      className={className}
    >
      {(id) => <input id={id} value={draft[name]} onChange={(e) => set({ [name]: e.target.value })} />}
    </DraftField>
  );

  return (
    <form
      className="card form-grid"
      noValidate // the draft's schema names each problem beside its field
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {text('name', 'w3')}
      {text('nameCyrl', 'w3')}
      {text('city', 'w1')}
      {text('code', 'w1')}
      <DraftField
        name="municipality-effectiveFrom"
        label={t('municipality.field.effectiveFrom')}
        problem={problems.effectiveFrom}
        className="w3"
      >
        {(id) => (
          <DateInput
            id={id}
            value={draft.effectiveFrom}
            onChange={(effectiveFrom) => set({ effectiveFrom })}
          />
        )}
      </DraftField>
      {text('source', 'span-all')}
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
