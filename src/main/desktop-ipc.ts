/**
 * The page's other two doors into main, beside `core:invoke`: desktop requests (About, updates,
 * the logs folder) answered with an envelope, and log lines from the page. Both answer only our
 * own window's main frame and validate what they are given; a bad request changes nothing.
 */
import type { IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { Envelope } from '../shared/contract';
import {
  DesktopRequest,
  LOG_LEVELS,
  MAX_LOG_LINE,
  type DesktopAbout,
  type DesktopReplies,
  type LogLevel,
} from '../shared/desktop';
import { AppError, toErrorShape, validationError } from '../shared/errors';
import type { CoreRelay } from './core-relay';
import type { SenderCheck } from './core-ipc';
import type { FileLog, LogLine } from './logs';
import type { UpdateService } from './updater';

export interface DesktopRequestDeps {
  relay: Pick<CoreRelay, 'call'>;
  updates: UpdateService;
  logsFolder: string;
  /** Opens a folder in the system's file manager (`shell.openPath`); resolves to an error text or ''. */
  openFolder: (folder: string) => Promise<string>;
  versions: NodeJS.ProcessVersions;
  isTrustedSender: SenderCheck;
  log: LogLine;
  /** Prints a PDF through the OS, else opens it in the system viewer (printing.ts). */
  printPdf?: (pdf: Buffer, fileName: string) => Promise<DesktopReplies['print.pdf']>;
}

/** The key screen's requests are answered by key-screen.ts, before the app proper starts. */
type AppAction = Exclude<keyof DesktopReplies, `key.${string}` | 'print.pdf'>;
type Handled = { [A in AppAction]: () => Promise<DesktopReplies[A]> };

export function createDesktopRequestHandler(
  deps: DesktopRequestDeps,
): (event: IpcMainInvokeEvent, request: unknown) => Promise<Envelope> {
  const handlers: Handled = {
    async about() {
      const envelope = await deps.relay.call('system.about', {});
      if (!envelope.ok) throw AppError.fromShape(envelope.error);
      return {
        ...(envelope.value as Omit<DesktopAbout, 'electron' | 'chromium' | 'node' | 'logsFolder'>),
        electron: deps.versions.electron ?? '?',
        chromium: deps.versions.chrome ?? '?',
        node: deps.versions.node,
        logsFolder: deps.logsFolder,
      };
    },
    'updates.status': () => Promise.resolve(deps.updates.status),
    'updates.check': () => deps.updates.check(),
    async 'updates.restartToInstall'() {
      await deps.updates.restartToInstall();
      return { restarting: true as const };
    },
    async 'logs.open'() {
      const problem = await deps.openFolder(deps.logsFolder);
      if (problem) throw new AppError('INTERNAL', `The logs folder could not be opened: ${problem}`);
      return { folder: deps.logsFolder };
    },
  };

  const handlersWithInput = {
    'print.pdf': async (request: Extract<DesktopRequest, { action: 'print.pdf' }>) => {
      if (!deps.printPdf) throw new AppError('NOT_ALLOWED', 'Printing is not available here.');
      return deps.printPdf(Buffer.from(request.pdfBase64, 'base64'), request.fileName);
    },
  };

  return async (event, request) => {
    if (!deps.isTrustedSender(event)) {
      deps.log(`[ipc] refused a desktop request from ${event.senderFrame?.url ?? 'a closed frame'}`);
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This page may not make desktop requests.' } };
    }
    const parsed = DesktopRequest.safeParse(request);
    if (!parsed.success)
      return { ok: false, error: validationError(parsed.error, 'desktop request').toShape() };
    const data = parsed.data;
    const handler =
      data.action === 'print.pdf'
        ? () => handlersWithInput['print.pdf'](data)
        : (handlers as Partial<Record<string, () => Promise<unknown>>>)[data.action];
    if (!handler)
      return { ok: false, error: { code: 'NOT_ALLOWED', message: 'The database key is already open.' } };
    try {
      return { ok: true, value: await handler() };
    } catch (error) {
      const shape = toErrorShape(error);
      if (shape.code === 'INTERNAL')
        deps.log(
          `[ipc] ${parsed.data.action} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      return { ok: false, error: shape };
    }
  };
}

/** Lines the page reports (its errors, mostly) go to renderer.log, cut to a sane length. */
export function createRendererLogHandler(options: {
  file: Pick<FileLog, LogLevel>;
  isTrustedSender: (event: IpcMainEvent) => boolean;
}): (event: IpcMainEvent, level: unknown, message: unknown) => void {
  return (event, level, message) => {
    if (!options.isTrustedSender(event)) return;
    if (typeof message !== 'string' || !(LOG_LEVELS as readonly unknown[]).includes(level)) return;
    const line = message.length > MAX_LOG_LINE ? `${message.slice(0, MAX_LOG_LINE)}…` : message;
    options.file[level as LogLevel](line.replace(/[\r\n]+/g, ' ⏎ '));
  };
}
