import { describe, expect, it } from 'vitest';
import { findRoute, matchPath, pathFromHash, pathTo } from '../../src/renderer/src/paths';

describe('hash routes', () => {
  const table = [
    { path: '/clients' },
    { path: '/clients/new' },
    { path: '/clients/:id' },
    { path: '/clients/:id/edit' },
  ];

  it('matches fixed paths before the :id beside them', () => {
    expect(findRoute(table, '/clients/new')?.route.path).toBe('/clients/new');
    expect(findRoute(table, '/clients/0190-ab')).toEqual({
      route: { path: '/clients/:id' },
      params: { id: '0190-ab' },
    });
    expect(findRoute(table, '/clients/0190-ab/edit')?.params).toEqual({ id: '0190-ab' });
    expect(findRoute(table, '/clients/0190-ab/print')).toBeNull();
  });

  it('reads the path from the hash, the start screen when there is none', () => {
    expect(pathFromHash('#/import')).toBe('/import');
    expect(pathFromHash('#/clients?q=x')).toBe('/clients');
    expect(pathFromHash('')).toBe('/'); // the start screen: the day's dashboard
    expect(pathFromHash('#token=abc')).toBe('/');
  });

  it('round-trips params through paths', () => {
    const path = pathTo('/clients/:id/edit', { id: 'a/b c' });
    expect(matchPath('/clients/:id/edit', path)).toEqual({ id: 'a/b c' });
  });
});
