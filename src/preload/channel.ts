/** Page → main: `invoke(method, input)` → an envelope from the core. */
export const CORE_INVOKE_CHANNEL = 'core:invoke';
/** Page → main: a desktop request (updates, logs, About) → an envelope. */
export const DESKTOP_REQUEST_CHANNEL = 'desk:request';
/** Main → page: news such as a core restart or an update's progress. */
export const DESKTOP_EVENT_CHANNEL = 'desk:event';
/** Page → main, no answer: a line for the renderer's log file. */
export const DESKTOP_LOG_CHANNEL = 'desk:log';
