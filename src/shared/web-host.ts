/**
 * What the web host (src/web/server.ts) and its browser shim (src/renderer/src/web-bridge.ts)
 * must agree on over HTTP, kept here because the renderer may not import src/web.
 */

/** Carries the per-run token printed in the web host's URL; calls without it are refused. */
export const TOKEN_HEADER = 'x-msc-desk-token';

/** Which browser tab makes the call: the session belongs to the tab that signed in (src/web/page-session.ts). */
export const PAGE_HEADER = 'x-msc-desk-page';
