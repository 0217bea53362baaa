import { AppError } from '../../../shared/errors';
import type { Problem } from '../ui/problems';
import { problemFromError } from '../ui/problems';

/** Reading a chosen file for the core, and putting the core's refusals into the UI's words. */

/** The bytes of a chosen file as base64, as the contract carries files. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1)); // data:<type>;base64,<content>
    };
    reader.readAsDataURL(file);
  });
}

/** "1.2 MB", "340 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The reasons the core gives for refusing a file (detail.reason), each with its own message. */
const REASONS = ['too_large', 'type', 'damaged', 'encrypted_pdf', 'empty', 'duplicate', 'not_base64'];

export function documentProblem(error: unknown): Problem {
  const reason = error instanceof AppError ? error.detail?.reason : undefined;
  if (typeof reason === 'string' && REASONS.includes(reason))
    return { key: `documents:refused.${reason}`, raw: (error as AppError).message };
  return problemFromError(error);
}
