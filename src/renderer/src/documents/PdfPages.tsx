import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { hasJpeg2000Images, within } from './files';
import type { OpenedPdf } from './pdf-render';

/**
 * A PDF full size: its pages drawn with pdf.js (./pdf-render, loaded now), one after another, so
 * the first shows while the rest are drawn. Electron's built-in PDF viewer wants
 * `webPreferences.plugins`, which the desktop window does not set, so a PDF in a frame may show
 * nothing there; the browser's own viewer (`fallback`) is used only when pdf.js cannot read
 * the file or holds JPEG 2000 images it is not given the decoder for, where a browser may still
 * manage.
 */

/** Pages drawn at most; a longer file is downloaded for the rest (each page is ~1–2 MB of pixels). */
export const MAX_VIEWER_PAGES = 40;
/** pdf.js opens a PDF in well under a second here; after 20 s the browser's viewer is tried. */
const OPEN_TIMEOUT_MS = 20_000;
/** CSS pixels a page is drawn wide: the dialog's body, less its scroll bar and margins. */
const PAGE_WIDTH = 900;

export function PdfPages({
  bytes,
  title,
  fallback,
}: {
  bytes: Uint8Array;
  title: string;
  fallback: ReactNode;
}) {
  const { t } = useTranslation('documents');
  const [pages, setPages] = useState<string[]>([]);
  const [count, setCount] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const jpeg2000 = useMemo(() => hasJpeg2000Images(bytes), [bytes]);
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (jpeg2000) return;
    let live = true;
    let opening: Promise<OpenedPdf> | null = null;
    let opened: OpenedPdf | null = null;
    const urls: string[] = [];
    void (async () => {
      try {
        const { openPdf } = await import('./pdf-render');
        opening = openPdf(bytes);
        opened = await within(OPEN_TIMEOUT_MS, opening);
        if (!live) return;
        // Measured now, not when the effect ran: the dialog is opened by its own effect, which
        // runs after this one, and a closed dialog has no width.
        const room = (body.current?.clientWidth ?? 0) - 24;
        const width = Math.round(
          Math.min(PAGE_WIDTH, room > 300 ? room : PAGE_WIDTH) * (window.devicePixelRatio || 1),
        );
        setCount(opened.pages);
        for (let number = 1; number <= Math.min(opened.pages, MAX_VIEWER_PAGES) && live; number++) {
          const canvas = await opened.draw(number, { width });
          const blob = await new Promise<Blob | null>((resolve) =>
            canvas.toBlob(resolve, 'image/jpeg', 0.92),
          );
          if (!blob || !live) break;
          const url = URL.createObjectURL(blob);
          urls.push(url);
          setPages((drawn) => [...drawn, url]);
        }
      } catch {
        if (live && urls.length === 0) setFailed(true);
      } finally {
        // Closed however this ended; one that opened after its time ran out, once it has.
        void opening?.then((pdf) => pdf.close()).catch(() => {});
      }
    })();
    return () => {
      live = false;
      for (const url of urls) URL.revokeObjectURL(url);
    };
  }, [bytes, jpeg2000]);

  if (failed || jpeg2000) return <>{fallback}</>;
  return (
    <div
      ref={body}
      className="doc-viewer-pages"
      aria-busy={count === null || pages.length < Math.min(count, MAX_VIEWER_PAGES)}
    >
      {count === null ? <p className="muted">{t('common:loading')}</p> : null}
      {pages.map((url, index) => (
        <img
          key={url}
          src={url}
          className="doc-viewer-page"
          alt={t('pageOf', { page: index + 1, count: count ?? pages.length, title })}
        />
      ))}
      {count !== null && count > MAX_VIEWER_PAGES && pages.length === MAX_VIEWER_PAGES ? (
        <p className="muted">{t('morePages', { shown: MAX_VIEWER_PAGES, count })}</p>
      ) : null}
    </div>
  );
}
