import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileOut } from '../../../shared/casework';
import { printPdf } from '../desktop/print';
import { download, fileUrl } from './files';

/** The referral slip in the browser's PDF viewer, to print or save. */
export function SlipDialog({ file, title, onClose }: { file: FileOut; title: string; onClose: () => void }) {
  const { t } = useTranslation('casework');
  const dialog = useRef<HTMLDialogElement>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const url = useMemo(() => fileUrl(file), [file]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog cw-slip-dialog"
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2>{title}</h2>
      <iframe ref={frame} src={url} title={title} className="cw-pdf" />
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
        <button type="button" onClick={() => download(file)}>
          {t('referrals.savePdf')}
        </button>
        <button
          type="button"
          className="button-primary"
          onClick={() => {
            // The desktop app prints through the OS (desktop/print.ts); the web host through the frame.
            void printPdf({
              pdfBase64: file.contentBase64,
              fileName: file.fileName,
              frame: frame.current,
            }).catch((error: unknown) =>
              window.alert(error instanceof Error ? error.message : String(error)),
            );
          }}
        >
          {t('referrals.print')}
        </button>
      </div>
    </dialog>
  );
}
