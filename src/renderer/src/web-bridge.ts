import type { Bridge, Envelope } from '../../shared/contract';
import { AppErrorShape } from '../../shared/errors';
import { PAGE_HEADER, TOKEN_HEADER } from '../../shared/web-host';
import { NETWORK_FAILURE } from './ui/problems';

/**
 * The browser's stand-in for the Electron preload: `window.api` over HTTP to the web host on
 * 127.0.0.1 (src/web/server.ts). The host prints a URL with a per-run token in the hash; the token
 * is kept for this tab only (sessionStorage, so a reload still works) and taken out of the address
 * bar so it does not end up in screenshots or bookmarks.
 */

const TOKEN_KEY = 'msc-desk.token';
const PAGE_KEY = 'msc-desk.page';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export function createWebBridge(
  token: string,
  fetchImpl: Fetch = (url, init) => fetch(url, init),
  page: string = pageId(),
): Bridge {
  return {
    async invoke(method, input) {
      let response: Response;
      try {
        response = await fetchImpl(`/api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token, [PAGE_HEADER]: page },
          body: JSON.stringify(input ?? {}),
        });
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `Cannot reach MSC Desk (${error instanceof Error ? error.message : String(error)}). Is the web host still running?`,
            detail: { reason: NETWORK_FAILURE },
          },
        };
      }
      return envelopeFrom(response);
    },
  };
}

/** Every answer of the host is an envelope, 2xx or not; anything else is reported, never thrown. */
async function envelopeFrom(response: Response): Promise<Envelope> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: reported below with the status.
  }
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    if (body.ok === true && 'value' in body) return { ok: true, value: body.value };
    if (body.ok === false && 'error' in body) {
      const error = AppErrorShape.safeParse(body.error);
      if (error.success) return { ok: false, error: error.data };
    }
  }
  return {
    ok: false,
    error: {
      code: 'INTERNAL',
      message: `MSC Desk answered with status ${response.status} and no readable result.`,
    },
  };
}

/** The token from `#token=…` (first visit) or from this tab's storage (after a reload). */
export function takeToken(): string {
  const match = /(?:^#|&)token=([^&]*)/.exec(window.location.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    sessionStorage.setItem(TOKEN_KEY, token);
    // The app's own routes live in the hash too; the token is not one of them.
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return token;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/**
 * This tab's own id: a second tab opened with the same URL gets another one, so the web host asks
 * it for the password instead of handing it the first tab's sign-in (src/web/page-session.ts).
 */
function pageId(): string {
  if (typeof sessionStorage === 'undefined') return '';
  let page = sessionStorage.getItem(PAGE_KEY);
  if (!page) {
    page = crypto.randomUUID();
    sessionStorage.setItem(PAGE_KEY, page);
  }
  return page;
}

export function installWebBridge(): Bridge {
  const bridge = createWebBridge(takeToken());
  window.api = bridge;
  return bridge;
}
