import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { AuditAction, type AuditEntry } from '../../../shared/security';
import { api } from '../api';
import { formatTimestamp } from '../ui/dates';
import { pathTo } from '../router';
import { Field } from '../ui/Field';
import { Link } from '../ui/Link';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError, type Problem } from '../ui/problems';
import { EnumSelect } from '../ui/EnumSelect';
import { useLoad } from '../ui/useLoad';
import {
  auditQueryFromDraft,
  EMPTY_AUDIT_FILTER,
  type AuditFilterDraft,
  type AuditQuery,
} from './audit-filter';
import { AuditVerifyPanel } from './AuditVerifyPanel';
import './security.css';

const PAGE_SIZE = 50;

/**
 * `#/audit` (admin, auditor): who viewed, changed, printed or exported what, newest first, with
 * filters and a check of the hash chain. Entries hold ids, never names (security/audit.ts).
 */
export function AuditTrailPage() {
  const { t } = useTranslation('security');
  const [draft, setDraft] = useState<AuditFilterDraft>(EMPTY_AUDIT_FILTER);
  const [problems, setProblems] = useState<Partial<Record<keyof AuditFilterDraft, Problem>>>({});
  const [query, setQuery] = useState<AuditQuery>({});
  const [offset, setOffset] = useState(0);
  // Not live: entries pile up with every call, and the page being read must not move under the reader.
  const listed = useLoad(
    () => api.call('audit.list', { ...query, limit: PAGE_SIZE, offset }),
    JSON.stringify([query, offset]),
    { live: false },
  );
  const { data: page, error: failure } = listed;

  function apply(event: FormEvent) {
    event.preventDefault();
    const checked = auditQueryFromDraft(draft);
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    setQuery(checked.query);
    setOffset(0);
    listed.reload(); // the same filter again reads the trail again
  }

  function clear() {
    setDraft(EMPTY_AUDIT_FILTER);
    setProblems({});
    setQuery({});
    setOffset(0);
    listed.reload();
  }

  const set = (field: keyof AuditFilterDraft) => (value: string) =>
    setDraft((d) => ({ ...d, [field]: value }));
  const shown = page?.items.length ?? 0;

  return (
    <div className="page-body">
      <header className="page-header">
        <h1>{t('audit.title')}</h1>
      </header>
      <AuditVerifyPanel />

      <form className="card" onSubmit={apply} noValidate aria-label={t('audit.filters')}>
        <div className="form-grid">
          <Field label={t('audit.from')} problem={problems.from} className="w1">
            {(control) => (
              <input
                {...control}
                value={draft.from}
                placeholder={t('common:datePlaceholder')}
                onChange={(e) => set('from')(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('audit.to')} problem={problems.to} className="w1">
            {(control) => (
              <input
                {...control}
                value={draft.to}
                placeholder={t('common:datePlaceholder')}
                onChange={(e) => set('to')(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('audit.action')}>
            {(control) => (
              <EnumSelect
                {...control}
                value={draft.action}
                onChange={set('action')}
                options={AuditAction.options}
                empty={t('audit.anyAction')}
                label={(action) => t(`audit.actionName.${action}`)}
              />
            )}
          </Field>
          <Field label={t('audit.person')} hint={t('audit.personHint')} className="w1">
            {(control) => (
              <input
                {...control}
                value={draft.actor}
                spellCheck={false}
                onChange={(e) => set('actor')(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('audit.recordId')} className="w3">
            {(control) => (
              <input
                {...control}
                value={draft.recordId}
                spellCheck={false}
                className="mono"
                onChange={(e) => set('recordId')(e.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t('audit.apply')}
          </button>
          <button type="button" onClick={clear}>
            {t('audit.clear')}
          </button>
        </div>
      </form>

      {failure ? <ProblemText className="banner banner-error" problem={problemFromError(failure)} /> : null}
      {page ? (
        page.items.length === 0 ? (
          <div className="empty-state">{t('audit.empty')}</div>
        ) : (
          <table className="data-table bordered-table audit-table">
            <caption className="list-caption">
              {t('audit.range', { first: offset + 1, last: offset + shown })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.seq')}</th>
                <th scope="col">{t('audit.time')}</th>
                <th scope="col">{t('audit.person')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.call')}</th>
                <th scope="col">{t('audit.record')}</th>
                <th scope="col">{t('audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((entry) => (
                <AuditRow key={entry.seq} entry={entry} />
              ))}
            </tbody>
          </table>
        )
      ) : failure ? null : (
        <p className="muted">{t('common:loading')}</p>
      )}
      <div className="list-footer">
        <button
          type="button"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
        >
          {t('audit.newer')}
        </button>
        <button type="button" disabled={!page?.hasMore} onClick={() => setOffset(offset + PAGE_SIZE)}>
          {t('audit.older')}
        </button>
      </div>
    </div>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation('security');
  const failed = entry.action === 'login_failed' || entry.action === 'access_denied';
  return (
    <tr className={failed ? 'is-attention' : undefined}>
      <td className="muted">{entry.seq}</td>
      <td className="nowrap" title={entry.at}>
        {formatTimestamp(entry.at)}
      </td>
      <td className="mono">{entry.actor}</td>
      <td>{t(`audit.actionName.${entry.action}`)}</td>
      <td title={entry.method ?? undefined}>{entry.method ? callInWords(entry.method, t) : ''}</td>
      <td>
        {entry.recordType ? (
          <span className="audit-record">
            {t(`audit.recordType.${entry.recordType}`, { defaultValue: entry.recordType })}
            {entry.recordId ? (
              entry.recordType === 'client' ? (
                <Link to={pathTo('/clients/:id', { id: entry.recordId })} className="mono audit-record-id">
                  {entry.recordId}
                </Link>
              ) : (
                <span className="mono audit-record-id">{entry.recordId}</span>
              )
            ) : null}
          </span>
        ) : null}
      </td>
      <td className="audit-detail">{entry.detail ? detailInWords(entry.detail, t) : ''}</td>
    </tr>
  );
}

/**
 * A contract call in words ("Klijenti — otvoren zapis" for `clients.get`); the call's own name
 * stays in the cell's tooltip for support. An area or verb without words shows as it is.
 */
export function callInWords(method: string, t: TFunction): string {
  const dot = method.indexOf('.');
  const area = method.slice(0, dot);
  const verb = method.slice(dot + 1);
  return `${t(`audit.area.${area}`, { defaultValue: area })} — ${t(`audit.verb.${verb}`, { defaultValue: verb })}`;
}

/** `reason: asked` → "razlog: na zahtev korisnika"; values without words show as they are. */
export function detailInWords(detail: Record<string, unknown>, t: TFunction): string {
  return Object.entries(detail)
    .map(([key, value]) => {
      const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
      // Only plain codes are looked up (a path or a time would read as a translation key).
      const words = /^\w+$/.test(text) ? t(`audit.detailValue.${text}`, { defaultValue: text }) : text;
      return `${t(`audit.detailKey.${key}`, { defaultValue: key })}: ${words}`;
    })
    .join(', ');
}
