/** The one IPC channel between the page and main: `invoke(method, input)` → an envelope. */
export const CORE_INVOKE_CHANNEL = 'core:invoke';
