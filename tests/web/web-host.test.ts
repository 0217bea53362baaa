import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebHost, TOKEN_HEADER, type WebHost } from '../../src/web/server';
import { useTempCore } from '../core/helpers';

const openCore = useTempCore();
const hosts: WebHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

async function start(options: { bodyLimitBytes?: number } = {}) {
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'msc-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>MSC Desk</title>');
  const core = openCore();
  const host = await startWebHost({ core, rendererDir, port: 0, token: 'secret-token', ...options });
  hosts.push(host);
  const base = new URL(host.url).origin;
  const call = (
    method: string,
    body: unknown,
    headers: Record<string, string> = { [TOKEN_HEADER]: 'secret-token' },
  ) =>
    fetch(`${base}/api/call/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { host, base, call, core };
}

describe('the web host', () => {
  it('listens on 127.0.0.1 and prints a URL carrying the token in the fragment', async () => {
    const { host } = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=secret-token$/);
  });

  it('serves the renderer with a strict content security policy', async () => {
    const { base } = await start();
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('MSC Desk');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('relays a call to the core and returns its value', async () => {
    const { call } = await start();
    const created = await call('clients.create', {
      client: { surname: 'Jovanović', givenName: 'Ana', category: 'local_vulnerable' },
    });
    expect(created.status).toBe(200);
    const found = await (await call('clients.search', { query: 'јован' })).json();
    expect(found.value.items[0].givenName).toBe('Ana');
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { [TOKEN_HEADER]: 'guess' }],
  ])('refuses a call with %s', async (_label, headers) => {
    const { call, core } = await start();
    const response = await call(
      'clients.create',
      { client: { surname: 'X', givenName: 'Y', category: 'local_vulnerable' } },
      headers,
    );
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('FORBIDDEN');
    expect((await core.call('system.info', {})).clientCount).toBe(0);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { host } = await start();
    const port = new URL(host.url).port;
    const response = await host.server.inject({
      method: 'POST',
      url: '/api/call/system.info',
      headers: { host: `evil.example:${port}`, [TOKEN_HEADER]: 'secret-token' },
      payload: {},
    });
    expect(response.statusCode).toBe(421);
  });

  it('answers bad input with a typed error and changes nothing', async () => {
    const { call, core } = await start();
    const response = await call('clients.create', { client: { surname: '', category: 'x' } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(body.error.fields['client.surname']).toBeTruthy();
    expect((await core.call('system.info', {})).clientCount).toBe(0);
  });

  it('answers malformed JSON, unknown calls and oversized bodies with clear 4xx errors', async () => {
    const { call } = await start({ bodyLimitBytes: 1024 });
    expect((await call('clients.search', '{"query":')).status).toBe(400);
    const unknown = await call('clients.drop', {});
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('UNKNOWN_METHOD');
    const big = await call('clients.search', { query: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
  });
});
