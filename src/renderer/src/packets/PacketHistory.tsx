import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PacketRecord } from '../../../shared/packets';
import { formatAmount } from '../../../shared/payment/money';
import { api } from '../api';
import { formatDate, formatTimestamp } from '../ui/dates';
import { ProblemText } from '../ui/ProblemText';
import { AppError } from '../../../shared/errors';
import { problemFromError, type Problem } from '../ui/problems';
import { PacketReturns } from '../documents';
import { PdfPreview } from './PdfPreview';

interface PacketHistoryProps {
  clientId: string;
  surname: string;
  /** Change it (e.g. a counter bumped by PrintPacketDialog's onPacket) to reload the list. */
  refreshKey?: unknown;
}

/** The client's packets: what, when, who, which versions; any one can be printed again identically. */
export function PacketHistory({ clientId, surname, refreshKey }: PacketHistoryProps) {
  const { t } = useTranslation('packets');
  const [items, setItems] = useState<PacketRecord[] | null>(null);
  const [reprint, setReprint] = useState<{
    packet: PacketRecord;
    pdfBase64: string;
    identical: boolean;
  } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reprintError, setReprintError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    api.call('packets.list', { clientId }).then(
      (result) => current && setItems(result.items),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [clientId, refreshKey]);

  async function open(packet: PacketRecord) {
    setReprintError(null);
    try {
      setReprint(await api.call('packets.reprint', { packetId: packet.id }));
    } catch (failure) {
      // The list stays; the refusal says why this one cannot be reprinted here.
      setReprint(null);
      setReprintError(failure);
    }
  }

  if (error) return <ProblemText className="banner banner-error" problem={problemFromError(error)} />;
  if (!items) return <p>{t('common:loading')}</p>;
  if (items.length === 0) return <p className="muted">{t('history.none')}</p>;
  return (
    <div>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('history.when')}</th>
            <th>{t('history.procedure')}</th>
            <th>{t('history.versions')}</th>
            <th>{t('history.events')}</th>
            <th>{t('scans:returns.title')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((packet) => (
            <tr key={packet.id}>
              <td className="nowrap">{formatTimestamp(packet.createdAt)}</td>
              <td>
                {t(`procedure.${packet.procedure}`)}
                {packet.options.basis ? (
                  <div className="muted">{t(`basis.${packet.options.basis}`)}</div>
                ) : null}
              </td>
              <td className="muted">
                v{packet.procedureVersion} · {packet.documents.map((d) => `${d.id} v${d.version}`).join(', ')}
                {packet.fees.map((fee) => (
                  <div key={fee.key}>
                    {fee.label}:{' '}
                    {fee.waived ? t('history.waived') : t('money', { amount: formatAmount(fee.amountPara) })}{' '}
                    ({t('history.since', { date: formatDate(fee.effectiveFrom) })})
                  </div>
                ))}
              </td>
              <td>
                {packet.events.map((event, i) => (
                  <div key={i} className="nowrap">
                    {t(`event.${event.kind}`)} · {event.by} · {formatTimestamp(event.at)}
                  </div>
                ))}
              </td>
              <td>
                <PacketReturns packetId={packet.id} />
              </td>
              <td>
                <button type="button" className="button button-small" onClick={() => void open(packet)}>
                  {t('action.reprint')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {reprintError ? (
        <ProblemText className="banner banner-error" problem={reprintProblem(reprintError)} />
      ) : null}
      {reprint ? (
        <div className="card">
          {!reprint.identical ? <p className="notice notice-warning">{t('history.notIdentical')}</p> : null}
          <PdfPreview packet={reprint.packet} pdfBase64={reprint.pdfBase64} surname={surname} />
          <button type="button" onClick={() => setReprint(null)}>
            {t('action.close')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** A packet whose templates or page-code key have not reached this PC says so, in the person's words. */
const REPRINT_REASONS: Record<string, string> = {
  templates_missing: 'packets:history.templatesMissing',
  page_code_key_missing: 'packets:history.pageCodeKeyMissing',
};

function reprintProblem(error: unknown): Problem {
  const reason = error instanceof AppError ? error.detail?.reason : undefined;
  const key = typeof reason === 'string' ? REPRINT_REASONS[reason] : undefined;
  return key ? { key } : problemFromError(error);
}
