import { cyrillicToLatin } from '../../../shared/script';
import { base64Bytes } from '../ui/download';

/**
 * The packet PDF in the browser: a blob: URL for the preview frame (Chromium's own viewer, in
 * Electron and in the web host alike), printing through that frame, saving as a download.
 */
export function pdfBlobUrl(pdfBase64: string): string {
  return URL.createObjectURL(new Blob([base64Bytes(pdfBase64)], { type: 'application/pdf' }));
}

/** Opens the print dialog for the PDF shown in `frame`. */
export function printFrame(frame: HTMLIFrameElement | null): boolean {
  const view = frame?.contentWindow;
  if (!view) return false;
  view.focus();
  view.print();
  return true;
}

export function downloadPdf(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

/** `paket-id-card-jovanovic-2024-06-15.pdf`: plain letters so every file system takes it. */
export function packetFileName(procedure: string, surname: string, date: string): string {
  const plain = cyrillicToLatin(surname)
    .normalize('NFKD')
    .replace(/[đĐ]/g, 'dj')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `paket-${procedure}-${plain || 'klijent'}-${date.slice(0, 10)}.pdf`;
}
