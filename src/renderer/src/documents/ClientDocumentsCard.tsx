import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientDocument } from '../../../shared/contract/documents';
import { api } from '../api';
import { Card } from '../casework/Card';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatDate } from '../ui/dates';
import { base64Bytes, downloadBytes } from '../ui/download';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { useLoad } from '../ui/useLoad';
import { AttachForm } from './AttachForm';
import { DocumentViewer } from './DocumentViewer';
import { DrawnPdfThumbnail } from './DrawnPdfThumbnail';
import { documentProblem, drawsHere, formatSize } from './files';
import './documents.css';

const TYPE_LABEL: Record<ClientDocument['mime'], string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};

/**
 * The client's scans and photos: a thumbnail per image and per PDF (its first page, with its page
 * count: a scanner's page picture shrunk by the core, or a program's PDF drawn here with pdf.js;
 * a PDF that cannot be drawn shows its page count alone), opened full size with a click, saved with Download, taken off the list with Remove (kept until erasure).
 */
export function ClientDocumentsCard({ clientId }: { clientId: string }) {
  const { t } = useTranslation('documents');
  const list = useLoad(() => api.call('documents.list', { clientId, withThumbnails: true }), clientId);
  const procedures = useLoad(() => api.call('procedures.list', { clientId }), clientId);
  const referrals = useLoad(() => api.call('referrals.list', { clientId }), clientId);
  const [attaching, setAttaching] = useState(false);
  const [viewing, setViewing] = useState<{ document: ClientDocument; contentBase64: string } | null>(null);
  const [removing, setRemoving] = useState<ClientDocument | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const items = list.data?.items ?? [];
  const thumbnails = list.data?.thumbnails ?? {};
  const title = (d: ClientDocument) => `${t(`kind.${d.kind}`)} · ${formatDate(d.date)}`;
  const pages = (d: ClientDocument) => (d.pages ? t('pages', { count: d.pages }) : null);
  /** "PDF · 2 pages" in the corner of a PDF's first page. */
  const pdfBadge = (d: ClientDocument) =>
    d.mime === 'application/pdf' ? (
      <span className="doc-pdf-badge" aria-hidden="true">
        PDF{d.pages ? ` · ${pages(d)}` : ''}
      </span>
    ) : null;
  /**
   * The tile of a file without a picture: a PDF not drawn (yet, or because it cannot be), or an
   * image the core could not shrink — named by its type.
   */
  const plainIcon = (d: ClientDocument) => (
    <span className="doc-pdf-icon" aria-hidden="true">
      {TYPE_LABEL[d.mime]}
      {d.pages ? <small>{pages(d)}</small> : null}
    </span>
  );

  async function fetchContent(document: ClientDocument) {
    setProblem(null);
    try {
      return await api.call('documents.get', { id: document.id });
    } catch (failure) {
      setProblem(documentProblem(failure));
      return null;
    }
  }

  async function remove(document: ClientDocument) {
    setProblem(null);
    try {
      await api.call('documents.remove', { id: document.id });
    } catch (failure) {
      setProblem(documentProblem(failure));
    } finally {
      setRemoving(null);
    }
  }

  const procedureOptions = (procedures.data?.items ?? []).map((p) => ({
    id: p.id,
    label: `${t(`casework:procedureKind.${p.kind}`)} · ${formatDate(p.openedOn)}`,
  }));

  return (
    <Card
      title={t('title')}
      className="doc-card"
      actions={
        <>
          <span className="muted">{t('count', { count: items.length })}</span>
          {!attaching ? (
            <button type="button" onClick={() => setAttaching(true)}>
              {t('attach.open')}
            </button>
          ) : null}
        </>
      }
    >
      {attaching ? (
        <AttachForm
          clientId={clientId}
          procedures={procedureOptions}
          referrals={(referrals.data?.items ?? []).map((r) => ({
            id: r.id,
            label: `${r.referenceCode} · ${r.partner.name} · ${formatDate(r.referredOn)}`,
          }))}
          onCancel={() => setAttaching(false)}
          onAttached={() => setAttaching(false)}
        />
      ) : null}
      {problem ? <ProblemText className="banner banner-error" problem={problem} /> : null}
      {list.error ? (
        <ProblemText className="banner banner-error" problem={documentProblem(list.error)} />
      ) : null}
      {items.length === 0 && list.data ? <p className="muted">{t('none')}</p> : null}
      <ul className="doc-grid" aria-label={t('title')}>
        {items.map((d) => (
          <li key={d.id} className="doc-tile">
            <button
              type="button"
              className="doc-thumb"
              aria-label={t('openFull', { title: title(d) })}
              onClick={() => void fetchContent(d).then((content) => content && setViewing(content))}
            >
              {thumbnails[d.id] ? (
                <>
                  <img src={`data:image/jpeg;base64,${thumbnails[d.id]}`} alt="" />
                  {pdfBadge(d)}
                </>
              ) : drawsHere(d, false) ? (
                <DrawnPdfThumbnail document={d} badge={pdfBadge(d)} fallback={plainIcon(d)} />
              ) : (
                plainIcon(d)
              )}
            </button>
            <div className="doc-meta">
              <strong>{t(`kind.${d.kind}`)}</strong>
              <span>
                {formatDate(d.date)} · {formatSize(d.size)}
              </span>
              {d.note ? <span className="doc-note">{d.note}</span> : null}
              {d.packetId ? <span className="badge">{t('fromPacket')}</span> : null}
              {d.notOnThisPc ? <span className="badge">{t('notOnThisPc')}</span> : null}
              {d.removedMetadata.includes('gps') ? (
                <span className="muted doc-small">{t('gpsRemoved')}</span>
              ) : null}
            </div>
            <div className="doc-actions">
              <button
                type="button"
                onClick={() =>
                  void fetchContent(d).then(
                    (content) =>
                      content && downloadBytes(d.fileName, base64Bytes(content.contentBase64), d.mime),
                  )
                }
              >
                {t('download')}
              </button>
              <button type="button" className="button-danger" onClick={() => setRemoving(d)}>
                {t('remove')}
              </button>
            </div>
          </li>
        ))}
      </ul>

      {viewing ? (
        <DocumentViewer
          document={viewing.document}
          contentBase64={viewing.contentBase64}
          title={title(viewing.document)}
          onClose={() => setViewing(null)}
        />
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={t('removeTitle')}
          confirmLabel={t('remove')}
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => void remove(removing)}
        >
          <p>{t('removeQuestion', { title: title(removing) })}</p>
        </ConfirmDialog>
      ) : null}
    </Card>
  );
}
