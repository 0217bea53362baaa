import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientDocument } from '../../../shared/contract/documents';
import { base64Bytes, downloadBytes } from '../ui/download';
import { PdfPages } from './PdfPages';

/** One document full size: an image as it is, a PDF's pages drawn by pdf.js (PdfPages). */
export function DocumentViewer({
  document,
  contentBase64,
  title,
  onClose,
}: {
  /** A kept document, or a scanned page waiting in the inbox: what to show and save it as. */
  document: Pick<ClientDocument, 'mime' | 'fileName'>;
  contentBase64: string;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('documents');
  const dialog = useRef<HTMLDialogElement>(null);
  const bytes = useMemo(() => base64Bytes(contentBase64), [contentBase64]);
  const url = useMemo(
    () => URL.createObjectURL(new Blob([bytes], { type: document.mime })),
    [bytes, document.mime],
  );
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog doc-viewer"
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2>{title}</h2>
      <div className="doc-viewer-body">
        {document.mime === 'application/pdf' ? (
          <PdfPages
            bytes={bytes}
            title={title}
            fallback={<iframe src={url} title={title} className="doc-viewer-pdf" />}
          />
        ) : (
          <img src={url} alt={title} className="doc-viewer-image" />
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
        <button
          type="button"
          className="button-primary"
          onClick={() => downloadBytes(document.fileName, bytes, document.mime)}
        >
          {t('download')}
        </button>
      </div>
    </dialog>
  );
}
