import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncPreview as Preview } from '../../../shared/contract/sync';
import { api } from '../api';
import { Link } from '../ui/Link';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { formatMoment } from './format';

/** Records listed per side before "show all" (the counts cover every one). */
const SHOWN = 8;

/**
 * Before a sync, what it will send — counts per kind and the records, by the names people know —
 * and what the last sync brought from elsewhere: from which office PC, who is named on the
 * records, and when. Read with `sync.preview` (nothing is sent); read again after each sync.
 */
export function SyncPreview({ reads }: { reads: number }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    api.call('sync.preview', { limit: 100 }).then(
      (next) => {
        if (!current) return;
        setPreview(next);
        setError(null);
      },
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [reads]);

  if (error) return <ProblemText className="banner banner-error" problem={problemFromError(error)} />;
  if (!preview) return null;
  return (
    <div className="sync-preview" data-testid="sync-preview">
      <Outgoing outgoing={preview.outgoing} />
      <Received received={preview.lastReceived} />
    </div>
  );
}

function useKindName() {
  const { t } = useTranslation('sync');
  return (kind: string) => t(`preview.kind.${kind}`, { defaultValue: kind.replaceAll('_', ' ') });
}

function Outgoing({ outgoing }: { outgoing: Preview['outgoing'] }) {
  const { t, i18n } = useTranslation('sync');
  const kindName = useKindName();
  const [all, setAll] = useState(false);
  const n = (value: number) => value.toLocaleString(i18n.language);
  const items = all ? outgoing.items : outgoing.items.slice(0, SHOWN);
  return (
    <section aria-labelledby="sync-outgoing-heading">
      <h3 id="sync-outgoing-heading">{t('preview.outgoing')}</h3>
      {outgoing.changes === 0 ? (
        <p className="muted" data-testid="sync-outgoing-none">
          {t('preview.nothingToSend')}
        </p>
      ) : (
        <>
          <ul className="sync-kinds" data-testid="sync-outgoing-kinds">
            {outgoing.kinds.map((kind) => (
              <li key={kind.kind}>
                <strong>{kindName(kind.kind)}</strong>{' '}
                {t('preview.records', { count: kind.records, n: n(kind.records) })}
              </li>
            ))}
          </ul>
          <ul className="sync-records" data-testid="sync-outgoing-records">
            {items.map((item) => (
              <RecordLine
                key={`${item.kind}/${item.rowId}`}
                item={item}
                detail={`${kindName(item.kind)}, ${t(`preview.action.${item.action}`)}`}
              />
            ))}
          </ul>
          {!all && outgoing.items.length + outgoing.more > items.length ? (
            <button type="button" className="button-quiet button-small" onClick={() => setAll(true)}>
              {t('preview.showAll', { count: outgoing.records, n: n(outgoing.records) })}
            </button>
          ) : outgoing.more > 0 ? (
            <p className="muted">{t('preview.more', { count: outgoing.more, n: n(outgoing.more) })}</p>
          ) : null}
        </>
      )}
    </section>
  );
}

function Received({ received }: { received: Preview['lastReceived'] }) {
  const { t, i18n } = useTranslation('sync');
  const kindName = useKindName();
  const [all, setAll] = useState(false);
  const n = (value: number) => value.toLocaleString(i18n.language);
  if (!received) return null;
  const items = all ? received.items : received.items.slice(0, SHOWN);
  return (
    <section aria-labelledby="sync-received-heading">
      <h3 id="sync-received-heading">
        {t('preview.received', { when: formatMoment(received.at, i18n.language) })}
      </h3>
      {received.records === 0 ? (
        <p className="muted" data-testid="sync-received-none">
          {t('preview.nothingReceived')}
        </p>
      ) : (
        <>
          {!received.complete ? <p className="muted">{t('preview.incomplete')}</p> : null}
          <ul className="sync-kinds" data-testid="sync-received-from">
            {received.from.map((pc) => (
              <li key={pc.node}>
                <strong>
                  {pc.thisPc
                    ? t('preview.thisPc')
                    : (pc.name ?? t('preview.pc', { id: pc.node.slice(0, 8) }))}
                </strong>{' '}
                {t('preview.records', { count: pc.records, n: n(pc.records) })}
                {' ('}
                {Object.entries(pc.kinds)
                  .map(([kind, count]) => `${kindName(kind)} ${n(count)}`)
                  .join(', ')}
                {')'}
                {pc.who.length > 0 ? ` · ${t('preview.who', { names: pc.who.join(', ') })}` : null}
                {pc.latestAt
                  ? ` · ${t('preview.latest', { when: formatMoment(pc.latestAt, i18n.language) })}`
                  : null}
              </li>
            ))}
          </ul>
          <ul className="sync-records" data-testid="sync-received-records">
            {items.map((item) => (
              <RecordLine key={`${item.kind}/${item.rowId}`} item={item} detail={kindName(item.kind)} />
            ))}
          </ul>
          {!all && received.items.length > items.length ? (
            <button type="button" className="button-quiet button-small" onClick={() => setAll(true)}>
              {t('preview.showAll', { count: received.records, n: n(received.records) })}
            </button>
          ) : received.more > 0 ? (
            <p className="muted">{t('preview.more', { count: received.more, n: n(received.more) })}</p>
          ) : null}
        </>
      )}
    </section>
  );
}

/** One record in a preview list: the client's name links to their profile; then what it is. */
function RecordLine({ item, detail }: { item: { label: string; clientId: string | null }; detail: string }) {
  return (
    <li>
      {item.clientId ? (
        <Link to={`/clients/${encodeURIComponent(item.clientId)}`}>{item.label}</Link>
      ) : (
        item.label
      )}
      <span className="muted">
        {' — '}
        {detail}
      </span>
    </li>
  );
}
