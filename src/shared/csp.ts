/**
 * The renderer's Content Security Policy, one source for both hosts (Electron's app:// handler and
 * the web host): no inline script, nothing remote; blob: frames for the packet PDF preview.
 *
 * worker-src 'self': pdf.js draws PDF thumbnails in a module worker built as one of the app's own
 * files (assets/pdf.worker.min-*.mjs), so the worker needs no blob: and no 'unsafe-eval'
 * (pdf.js runs with isEvalSupported: false, and fetches nothing: connect-src stays 'self'). It is
 * what the default-src fallback already allowed; written out so a later change to script-src
 * cannot widen workers with it.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'self' blob:; " +
  "frame-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
