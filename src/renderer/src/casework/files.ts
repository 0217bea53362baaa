import type { FileOut } from '../../../shared/casework';

/** A file the core made, as a blob: URL (for a download or the PDF viewer). Revoke it when done. */
export function fileUrl(file: FileOut): string {
  const bytes = Uint8Array.from(atob(file.contentBase64), (ch) => ch.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
}

/** Saves a file the core made through the browser's download. */
export function download(file: FileOut): void {
  const url = fileUrl(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
