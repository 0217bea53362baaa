import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncConflict } from '../../../shared/contract/sync';
import { api } from '../api';
import './sync.css';
import { Link } from '../ui/Link';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { formatMoment, valueText } from './format';

const PAGE = 50;

/**
 * `#/sync/conflicts`: every field two PCs changed differently, with both values side by side and
 * which one is in use now. Keeping one settles it; the choice goes out at the next sync like any
 * edit, so every PC ends with it.
 */
export function ConflictsPage() {
  const { t } = useTranslation('sync');
  const [items, setItems] = useState<SyncConflict[] | null>(null);
  const [total, setTotal] = useState(0);
  const [showSettled, setShowSettled] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.call('sync.conflicts', { includeResolved: showSettled, limit }).then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setTotal(page.total);
        setError(null);
      },
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [showSettled, limit, version]);

  async function keep(conflict: SyncConflict, choice: 'local' | 'remote') {
    setBusyId(conflict.id);
    try {
      await api.call('sync.resolve', { id: conflict.id, choice });
      setVersion((n) => n + 1);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusyId(null);
    }
  }

  return (
    <div className="page-body">
      <header className="page-header">
        <h1>{t('conflicts.title')}</h1>
      </header>
      <p className="muted">{t('conflicts.intro')}</p>
      <label className="choice">
        <input
          type="checkbox"
          checked={showSettled}
          onChange={(event) => setShowSettled(event.target.checked)}
        />
        {t('conflicts.showSettled')}
      </label>
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
      {items === null ? (
        error ? null : (
          <p className="muted">{t('common:loading')}</p>
        )
      ) : items.length === 0 ? (
        <p className="banner banner-ok" role="status">
          {t('conflicts.none')}
        </p>
      ) : (
        <>
          <p className="list-caption">
            {t(showSettled ? 'conflicts.countAll' : 'conflicts.countOpen', { count: total })}
          </p>
          <ul className="conflict-list">
            {items.map((conflict) => (
              <li key={conflict.id}>
                <ConflictCard
                  conflict={conflict}
                  busy={busyId === conflict.id}
                  onKeep={(choice) => void keep(conflict, choice)}
                />
              </li>
            ))}
          </ul>
          {items.length < total ? (
            <button type="button" onClick={() => setLimit((n) => n + PAGE)}>
              {t('conflicts.more')}
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}

function ConflictCard({
  conflict,
  busy,
  onKeep,
}: {
  conflict: SyncConflict;
  busy: boolean;
  onKeep: (choice: 'local' | 'remote') => void;
}) {
  const { t, i18n } = useTranslation('sync');
  const field = t(`field.${conflict.table}.${conflict.field}`, { defaultValue: conflict.field });
  const what =
    conflict.kind === 'deleted'
      ? t('conflicts.kind.deleted')
      : conflict.kind === 'refused'
        ? t('conflicts.kind.refused')
        : field;
  const settled = conflict.resolvedAt !== null;

  const side = (which: 'local' | 'remote') => {
    const value = which === 'local' ? conflict.localValue : conflict.remoteValue;
    const text =
      conflict.kind === 'deleted'
        ? value === null
          ? t('conflicts.kept')
          : t('conflicts.removed', { when: formatMoment(String(value), i18n.language) })
        : valueText(value);
    const inUse = settled ? conflict.resolution === which : conflict.winner === which;
    return (
      <div
        className={`conflict-side${inUse ? ' conflict-side--in-use' : ''}`}
        data-testid={`conflict-${which}`}
      >
        <h4>{t(which === 'local' ? 'conflicts.here' : 'conflicts.elsewhere')}</h4>
        <p className={text === null ? 'muted' : 'conflict-value'}>{text ?? t('conflicts.empty')}</p>
        {inUse ? (
          <span className="badge badge-ok">{t(settled ? 'conflicts.chosen' : 'conflicts.inUse')}</span>
        ) : null}
        {!settled && !(conflict.kind === 'refused' && which === 'local') ? (
          <button
            type="button"
            className={inUse ? '' : 'button-primary'}
            disabled={busy}
            onClick={() => onKeep(which)}
          >
            {t('conflicts.keep')}
          </button>
        ) : null}
      </div>
    );
  };

  return (
    <article className="card conflict" aria-label={`${conflict.label}: ${what}`}>
      <header>
        <h3>
          {conflict.clientId && conflict.table === 'clients' && conflict.kind !== 'deleted' ? (
            <Link to={`/clients/${encodeURIComponent(conflict.clientId)}`}>{conflict.label}</Link>
          ) : (
            conflict.label
          )}
          {' — '}
          {what}
        </h3>
        <p className="muted">
          {t('conflicts.detected', { when: formatMoment(conflict.detectedAt, i18n.language) })}
          {settled
            ? ` · ${t('conflicts.settledAt', { when: formatMoment(conflict.resolvedAt, i18n.language) })}`
            : null}
        </p>
      </header>
      <div className="conflict-sides">
        {side('local')}
        {side('remote')}
      </div>
    </article>
  );
}
