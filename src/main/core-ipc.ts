/**
 * The `core:invoke` handler: the only door from a page to the core. It answers only the main
 * frame of our window showing our own pages, refuses names outside the contract, validates
 * the input before anything reaches the core, and always answers with an envelope: nothing is
 * thrown across IPC, where Electron would turn it into an opaque error.
 */
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { contract, isMethod, type Envelope } from '../shared/contract';
import { AppError, validationError } from '../shared/errors';
import { isAppUrl } from './app-protocol';
import type { CoreRelay } from './core-relay';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** The sender must be the top frame of `getWindow()`'s page, on app:// (or the dev server). */
export function mainFrameOf(getWindow: () => BrowserWindow | undefined, devServerUrl?: string): SenderCheck {
  return (event) => {
    const window = getWindow();
    const frame = event.senderFrame;
    if (!window || window.isDestroyed() || !frame || event.sender !== window.webContents) return false;
    const mainFrame = window.webContents.mainFrame;
    const isMainFrame =
      frame.parent === null &&
      frame.processId === mainFrame.processId &&
      frame.routingId === mainFrame.routingId;
    return isMainFrame && isAppUrl(frame.url, devServerUrl);
  };
}

function refused(error: AppError): Envelope {
  return { ok: false, error: error.toShape() };
}

export function createCoreInvokeHandler(options: {
  relay: Pick<CoreRelay, 'call'>;
  isTrustedSender: SenderCheck;
  log?: (line: string) => void;
}): (event: IpcMainInvokeEvent, method: unknown, input: unknown) => Promise<Envelope> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  return async (event, method, input) => {
    try {
      if (!options.isTrustedSender(event)) {
        log(`[ipc] refused a call from ${event.senderFrame?.url ?? 'a closed frame'}`);
        return refused(new AppError('FORBIDDEN', 'This page may not call the application core.'));
      }
      if (!isMethod(method)) {
        return refused(new AppError('UNKNOWN_METHOD', `There is no call named "${String(method)}".`));
      }
      const parsed = contract[method].input.safeParse(input);
      if (!parsed.success) return refused(validationError(parsed.error, `input for ${method}`));
      // The input goes on as the page sent it: the core parses it again and is the authority.
      return await options.relay.call(method, input);
    } catch (error) {
      log(
        `[ipc] core:invoke failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return refused(new AppError('INTERNAL', 'Internal error; the details are in the log.'));
    }
  };
}
