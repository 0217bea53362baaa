import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxPage, ScanPageResult } from '../../../shared/contract/documents';
import { MAX_DOCUMENT_BYTES } from '../../../shared/contract/documents';
import { api } from '../api';
import { Card } from '../casework/Card';
import { hrefTo } from '../router';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatTimestamp } from '../ui/dates';
import { ProblemText } from '../ui/ProblemText';
import type { Problem } from '../ui/problems';
import { useLoad } from '../ui/useLoad';
import { AssignPageForm } from './AssignPageForm';
import { DocumentViewer } from './DocumentViewer';
import { documentProblem, readAsBase64 } from './files';
import './documents.css';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/** One line of what scan-in made of a page, with the client's name when it was filed. */
interface ShownResult extends ScanPageResult {
  clientName: string | null;
}

/**
 * "Scanned papers": signed packet pages back from the scanner. Pages whose code is read are
 * filed on their client at once (the list says where); the others wait below until a person
 * assigns each to a client and kind, or discards it.
 */
export function ScannedPapersPage() {
  const { t } = useTranslation('scans');
  const input = useRef<HTMLInputElement>(null);
  const inbox = useLoad(() => api.call('scans.inbox', { withThumbnails: true }), 'inbox');
  const [results, setResults] = useState<ShownResult[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [assigning, setAssigning] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<InboxPage | null>(null);
  const [viewing, setViewing] = useState<{ page: InboxPage; contentBase64: string } | null>(null);

  const waiting = inbox.data?.items ?? [];
  const thumbnails = inbox.data?.thumbnails ?? {};

  async function scanIn(files: File[]) {
    setBusy(true);
    setProblem(null);
    const shown: ShownResult[] = [];
    const names = new Map<string, string | null>();
    try {
      for (const file of files) {
        if (file.size > MAX_DOCUMENT_BYTES) {
          setProblem({ key: 'documents:refused.too_large' });
          continue;
        }
        const { pages } = await api.call('scans.import', {
          fileName: file.name,
          contentBase64: await readAsBase64(file),
        });
        for (const page of pages) {
          if (page.clientId && !names.has(page.clientId)) {
            const client = await api.call('clients.get', { id: page.clientId }).catch(() => null);
            names.set(page.clientId, client ? `${client.surname} ${client.givenName}` : null);
          }
          shown.push({ ...page, clientName: page.clientId ? (names.get(page.clientId) ?? null) : null });
        }
      }
    } catch (failure) {
      setProblem(documentProblem(failure));
    } finally {
      setResults((before) => [...shown, ...before]);
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  async function open(page: InboxPage) {
    setProblem(null);
    try {
      setViewing(await api.call('scans.page', { id: page.id }));
    } catch (failure) {
      setProblem(documentProblem(failure));
    }
  }

  async function discard(page: InboxPage) {
    setProblem(null);
    try {
      await api.call('scans.discard', { id: page.id });
    } catch (failure) {
      setProblem(documentProblem(failure));
    } finally {
      setDiscarding(null);
    }
  }

  const pageLabel = (page: InboxPage) => t('inbox.pageOf', { file: page.fileName, page: page.filePage });

  return (
    <div className="page-body">
      <header className="page-header">
        <h1>{t('title')}</h1>
      </header>
      <p className="muted">{t('intro')}</p>

      <Card title={t('scanIn.title')} className="scan-in-card">
        <label className="scan-drop">
          <span>{busy ? t('scanIn.reading') : t('scanIn.choose')}</span>
          <input
            ref={input}
            type="file"
            multiple
            accept={ACCEPT}
            disabled={busy}
            aria-label={t('scanIn.choose')}
            onChange={(event) => void scanIn(Array.from(event.target.files ?? []))}
          />
          <small className="muted">{t('scanIn.hint')}</small>
        </label>
        {problem ? <ProblemText className="banner banner-error" problem={problem} /> : null}
        {results.length > 0 ? (
          <ul className="scan-results" aria-label={t('scanIn.results')}>
            {results.map((r, index) => (
              <li key={`${r.file}-${r.page}-${index}`} className={`scan-result scan-result--${r.status}`}>
                <span className="badge">{t(`status.${r.status}`)}</span>
                <span>{t('inbox.pageOf', { file: r.file, page: r.page })}</span>
                {r.status === 'unmatched' ? (
                  <span className="muted">
                    {t(`reason.${r.reason ?? 'no_code'}`)} ·{' '}
                    {r.inboxId ? t('scanIn.waitsBelow') : t('scanIn.notKept')}
                  </span>
                ) : (
                  <span>
                    {t('scanIn.filedTo')}{' '}
                    <a href={hrefTo(`/clients/${r.clientId}`)}>{r.clientName ?? r.clientId}</a> ·{' '}
                    {r.documentTitle} · {t('scanIn.packetPage', { page: r.packetPage })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </Card>

      <Card
        title={t('inbox.title')}
        className="scan-inbox-card"
        actions={<span className="muted">{t('inbox.count', { count: waiting.length })}</span>}
      >
        {inbox.error ? (
          <ProblemText className="banner banner-error" problem={documentProblem(inbox.error)} />
        ) : null}
        {waiting.length === 0 && inbox.data ? <p className="muted">{t('inbox.empty')}</p> : null}
        <ul className="scan-inbox" aria-label={t('inbox.title')}>
          {waiting.map((page) => (
            <li key={page.id} className="scan-inbox-item">
              <button
                type="button"
                className="doc-thumb"
                aria-label={t('inbox.open', { page: pageLabel(page) })}
                onClick={() => void open(page)}
              >
                {thumbnails[page.id] ? (
                  <img src={`data:image/jpeg;base64,${thumbnails[page.id]}`} alt="" />
                ) : (
                  <span aria-hidden="true">?</span>
                )}
              </button>
              <div className="scan-inbox-body">
                <strong>{pageLabel(page)}</strong>
                <span className="muted">
                  {t(`reason.${page.reason}`)} · {formatTimestamp(page.createdAt)}
                </span>
                {assigning === page.id ? (
                  <AssignPageForm
                    pageId={page.id}
                    onCancel={() => setAssigning(null)}
                    onAssigned={() => setAssigning(null)}
                  />
                ) : (
                  <div className="doc-actions">
                    <button type="button" className="button-primary" onClick={() => setAssigning(page.id)}>
                      {t('inbox.assign')}
                    </button>
                    <button type="button" className="button-danger" onClick={() => setDiscarding(page)}>
                      {t('inbox.discard')}
                    </button>
                  </div>
                )}
              </div>
            </li>
          ))}
        </ul>
      </Card>

      {viewing ? (
        <DocumentViewer
          document={{ mime: viewing.page.mime, fileName: viewing.page.fileName }}
          contentBase64={viewing.contentBase64}
          title={pageLabel(viewing.page)}
          onClose={() => setViewing(null)}
        />
      ) : null}
      {discarding ? (
        <ConfirmDialog
          title={t('discard.title')}
          confirmLabel={t('inbox.discard')}
          danger
          onCancel={() => setDiscarding(null)}
          onConfirm={() => void discard(discarding)}
        >
          <p>{t('discard.question', { page: pageLabel(discarding) })}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
