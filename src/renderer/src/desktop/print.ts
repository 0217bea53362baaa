/**
 * Printing a PDF the page shows. In the desktop app the PDF goes to main, which prints it through
 * the operating system or opens it in the system's PDF viewer (src/main/printing.ts): printing a
 * blob: PDF from a frame is unreliable in Electron's out-of-process PDF viewer. Over the web host
 * the browser prints the frame as before.
 */
import type { DesktopReplies } from '../../../shared/desktop';
import { printFrame } from '../packets/pdf-file';
import { desktop, desktopRequest } from '../desktop-bridge';

export type PrintOutcome = DesktopReplies['print.pdf']['how'] | 'browser';

/** Resolves to how it was printed, or null when there was nothing to print; failures reject as AppError. */
export async function printPdf(options: {
  pdfBase64: string;
  fileName: string;
  frame: HTMLIFrameElement | null;
}): Promise<PrintOutcome | null> {
  if (desktop) {
    const result = await desktopRequest({
      action: 'print.pdf',
      pdfBase64: options.pdfBase64,
      fileName: options.fileName,
    });
    return result.how;
  }
  return printFrame(options.frame) ? 'browser' : null;
}
