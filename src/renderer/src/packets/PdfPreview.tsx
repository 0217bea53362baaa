import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PacketRecord } from '../../../shared/packets';
import { api } from '../api';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { printPdf } from '../desktop/print';
import { downloadPdf, packetFileName, pdfBlobUrl } from './pdf-file';

interface PdfPreviewProps {
  packet: PacketRecord;
  pdfBase64: string;
  surname: string;
  onRecorded?: (packet: PacketRecord) => void;
}

/** Step 3 of printing: the real PDF in the browser's viewer, then print it or save it (each is logged on the client). */
export function PdfPreview({ packet, pdfBase64, surname, onRecorded }: PdfPreviewProps) {
  const { t } = useTranslation('packets');
  const url = useMemo(() => pdfBlobUrl(pdfBase64), [pdfBase64]);
  const frame = useRef<HTMLIFrameElement>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);

  async function record(kind: 'printed' | 'saved') {
    try {
      onRecorded?.(await api.call('packets.recordOutput', { packetId: packet.id, kind }));
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <div>
      <p className="muted">
        {t('preview.summary', { count: packet.pageCount, size: Math.round(packet.sizeBytes / 1024) })}
      </p>
      <iframe
        ref={frame}
        src={url}
        title={t('preview.title')}
        style={{ width: '100%', height: '70vh', border: '1px solid #ccc' }}
      />
      {error ? <ProblemText className="banner banner-error" problem={problemFromError(error)} /> : null}
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            // The desktop app prints through the OS (desktop/print.ts); the web host through the frame.
            printPdf({
              pdfBase64,
              fileName: packetFileName(packet.procedure, surname, packet.createdAt),
              frame: frame.current,
            }).then((how) => {
              if (how) void record('printed');
            }, setError);
          }}
        >
          {t('action.print')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            downloadPdf(url, packetFileName(packet.procedure, surname, packet.createdAt));
            void record('saved');
          }}
        >
          {t('action.save')}
        </button>
      </div>
    </div>
  );
}
