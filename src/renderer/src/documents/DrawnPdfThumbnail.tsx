import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ClientDocument } from '../../../shared/contract/documents';
import { pdfThumbnail } from './pdf-thumbnails';

/**
 * A PDF tile's first page, drawn here (./pdf-thumbnails) once the tile comes near the screen: a
 * profile opened and left at its top never loads pdf.js nor fetches the file. Until the page is
 * drawn, and for good when it cannot be, the tile shows `fallback` ("PDF · N pages").
 */
export function DrawnPdfThumbnail({
  document,
  badge,
  fallback,
}: {
  document: ClientDocument;
  badge: ReactNode;
  fallback: ReactNode;
}) {
  const box = useRef<HTMLSpanElement>(null);
  // undefined: not drawn yet; null: cannot be drawn (the plain tile stays).
  const [url, setUrl] = useState<string | null | undefined>(undefined);
  const { id, sha256 } = document;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let live = true;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        void pdfThumbnail(document).then((made) => live && setUrl(made));
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => {
      live = false;
      observer.disconnect();
    };
    // Drawn again only for another file; a re-listed document object is the same PDF.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, sha256]);

  return (
    <span ref={box} className="doc-thumb-drawn" data-pdf={url ? 'drawn' : url === null ? 'plain' : 'waiting'}>
      {url ? (
        <>
          <img src={url} alt="" data-drawn="pdf" />
          {badge}
        </>
      ) : (
        fallback
      )}
    </span>
  );
}
