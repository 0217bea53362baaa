/**
 * `window.desktop`: what only the installed app has (updates, the logs folder, runtime versions,
 * news from main). Undefined in a browser over the web host, where those cards are not shown.
 */
import type { DesktopAction, DesktopReplies, DesktopRequest } from '../../shared/desktop';
import { AppError } from '../../shared/errors';

export const desktop = window.desktop;

/** A typed desktop request; failures arrive as `AppError`, as core calls do. */
export async function desktopRequest<A extends DesktopAction>(
  request: Extract<DesktopRequest, { action: A }>,
): Promise<DesktopReplies[A]> {
  if (!desktop) throw new AppError('NOT_ALLOWED', 'Only the installed app can do this.');
  const envelope = await desktop.request(request);
  if (!envelope.ok) throw AppError.fromShape(envelope.error);
  return envelope.value as DesktopReplies[A];
}

/** Errors the page does not catch go to renderer.log, where a support call can find them. */
export function logUncaughtErrors(): void {
  if (!desktop) return;
  const log = desktop.log;
  window.addEventListener('error', (event) => {
    const error: unknown = event.error;
    log('error', error instanceof Error ? (error.stack ?? error.message) : event.message);
  });
  window.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    log(
      'error',
      `Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
    );
  });
}
