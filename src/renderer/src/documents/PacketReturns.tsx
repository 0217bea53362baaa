import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useLoad } from '../ui/useLoad';

/**
 * Which signed pages of a printed packet came back through scan-in, and which are still out:
 * per document, the pages missing; the cover, the slips and the instructions stay with the
 * client and are not asked for. Reloads when a scan is filed (scans.status reads "documents").
 */
export function PacketReturns({ packetId }: { packetId: string }) {
  const { t } = useTranslation('scans');
  const status = useLoad(() => api.call('scans.status', { packetId }), packetId);
  if (!status.data) return null;
  const { pageCount, missing, documents } = status.data;
  const expected = documents ? documents.reduce((sum, d) => sum + d.pages.length, 0) : pageCount;
  const back = expected - missing.length;
  const pages = (list: number[]) => list.join(', ');
  return (
    <div className="packet-returns" aria-label={t('returns.title')}>
      {missing.length === 0 ? (
        <span className="badge badge-ok">{t('returns.complete', { count: expected })}</span>
      ) : (
        <span className={back === 0 ? 'muted' : 'badge'}>
          {back === 0 ? t('returns.none') : t('returns.partial', { back, total: expected })}
        </span>
      )}
      {missing.length > 0 && documents
        ? documents
            .filter((d) => d.missing.length > 0)
            .map((d) => (
              <div key={d.document} className="muted packet-returns-missing">
                {t('returns.missingIn', { title: d.title, pages: pages(d.missing) })}
              </div>
            ))
        : null}
      {missing.length > 0 && !documents ? (
        <div className="muted packet-returns-missing">{t('returns.missing', { pages: pages(missing) })}</div>
      ) : null}
    </div>
  );
}
