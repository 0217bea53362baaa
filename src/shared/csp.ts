/**
 * The renderer's Content Security Policy, one source for both hosts (Electron's app:// handler and
 * the web host): no inline script, nothing remote; blob: frames for the packet PDF preview.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'self' blob:; frame-src 'self' blob:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
