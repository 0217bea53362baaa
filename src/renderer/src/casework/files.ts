import type { FileOut } from '../../../shared/casework';
import { base64Bytes, downloadBytes } from '../ui/download';

/** A file the core made, as a blob: URL (for the PDF viewer). Revoke it when done. */
export function fileUrl(file: FileOut): string {
  return URL.createObjectURL(new Blob([base64Bytes(file.contentBase64)], { type: file.mimeType }));
}

/** Saves a file the core made through the browser's download. */
export function download(file: FileOut): void {
  downloadBytes(file.fileName, base64Bytes(file.contentBase64), file.mimeType);
}
