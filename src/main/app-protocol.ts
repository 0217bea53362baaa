/**
 * The `app://desk/` scheme that serves the built renderer (out/renderer). A privileged standard
 * scheme gives the page a real origin for CSP `'self'`, without file:// and its access to the
 * whole disk. Every response carries the CSP; no path may leave the renderer folder.
 * No Electron import: the handler is a fetch-style function tested on real files.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** The key screen (recovery key, start-up passphrase), a page of its own shown before the core starts. */
export const KEY_SCREEN_URL = `${APP_ORIGIN}/key.html`;

/** Registered before `ready`: standard (an origin, relative URLs), secure (like https). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

export { CONTENT_SECURITY_POLICY };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Whether a URL is a page of this app (or of the dev server when one is running). */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  if (!devServerUrl) return false;
  return parsed.origin === new URL(devServerUrl).origin;
}

/**
 * The file under `rootDir` a request path names, or null when it names nothing there. The URL
 * parser already folds `/../` and `%2e%2e`; this refuses what survives it (an encoded slash or
 * backslash hiding `..`, NUL) and anything that still resolves outside the folder.
 */
export function resolveAppPath(rootDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}

async function fileInside(root: string, file: string): Promise<string | null> {
  try {
    // Follow links before checking, so a link in the folder cannot point out of it.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    const relative = path.relative(realRoot, realFile);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
    return (await stat(realFile)).isFile() ? realFile : null;
  } catch {
    return null;
  }
}

function respond(
  status: number,
  body: ConstructorParameters<typeof Response>[0],
  contentType: string,
): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}

/** The handler for `protocol.handle('app', …)`. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rendererDir);
  const notFound = () => respond(404, 'Not found', 'text/plain; charset=utf-8');

  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
    const pathname = url.pathname === '/' ? '/index.html' : url.pathname;
    const requested = resolveAppPath(root, pathname);
    if (!requested) return notFound();
    let file = await fileInside(root, requested);
    // Client-side routes (no extension) get the app shell; a missing asset stays a 404.
    if (!file && path.extname(requested) === '') file = await fileInside(root, path.join(root, 'index.html'));
    if (!file) return notFound();
    const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    return respond(200, body, contentType);
  };
}
