/**
 * Hash routing paths, small on purpose: `#/clients/123/edit` is matched against patterns such as
 * `/clients/:id/edit`. Pure functions; the browser side is in router.ts, the table in routes.tsx.
 */

export type RouteParams = Record<string, string>;

/** The params when `path` fits `pattern` (`:name` matches one non-empty segment), else null. */
export function matchPath(pattern: string, path: string): RouteParams | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: RouteParams = {};
  for (const [i, segment] of want.entries()) {
    const actual = have[i] ?? '';
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(actual);
    else if (segment !== actual) return null;
  }
  return params;
}

/** The first route whose pattern fits `path`, with its params. */
export function findRoute<R extends { path: string }>(
  routes: readonly R[],
  path: string,
): { route: R; params: RouteParams } | null {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

/** The clients list: where the search box lives (`/`, Ctrl+K) and where signing out lands. */
export const HOME_PATH = '/clients';

/** The start screen: the day's dashboard. */
export const START_PATH = '/';

/** The path in the hash, without its query part; the start screen when there is none. */
export function pathFromHash(hash: string): string {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  return path.startsWith('/') ? path : START_PATH;
}

/** `/clients/:id` with `{ id }` → `/clients/…` (ids are encoded). */
export function pathTo(pattern: string, params: RouteParams = {}): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}
