import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  isAppUrl,
  resolveAppPath,
} from '../../src/main/app-protocol';
import { APP_JS, INDEX_HTML, builtProject } from './fixtures';

const SECRET = 'office database key: do not serve';

let serve: (url: string, method?: string) => Promise<Response>;
let rendererDir: string;

beforeAll(() => {
  const project = builtProject();
  rendererDir = project.rendererDir;
  // Files beside and above the renderer folder that no URL may reach.
  fs.writeFileSync(path.join(project.root, 'out', 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(project.root, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(rendererDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.symlinkSync(path.join(project.root, 'secret.txt'), path.join(rendererDir, 'assets', 'linked.txt'));
  const handler = createAppProtocolHandler(rendererDir);
  serve = (url, method = 'GET') => handler(new Request(url, { method }));
});

describe('app://desk/ serves the built renderer', () => {
  it('serves index.html at the root and by name', async () => {
    for (const url of ['app://desk/', 'app://desk/index.html']) {
      const response = await serve(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toBe(INDEX_HTML);
    }
  });

  it('serves assets with their content type', async () => {
    const script = await serve('app://desk/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe(APP_JS);
    const logo = await serve('app://desk/assets/logo.svg');
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers an unknown asset with 404, and a client-side route with the app shell', async () => {
    const missing = await serve('app://desk/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Not found');
    const route = await serve('app://desk/clients/123');
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(INDEX_HTML);
  });

  it('puts the CSP and nosniff on every response, found or not', async () => {
    for (const url of [
      'app://desk/index.html',
      'app://desk/assets/app.js',
      'app://desk/nope.js',
      'app://other/index.html',
    ]) {
      const response = await serve(url);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await serve('app://desk/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await serve('app://desk/index.html', 'POST')).status).toBe(404);
  });

  it('serves nothing for another host of the scheme', async () => {
    expect((await serve('app://other/index.html')).status).toBe(404);
  });
});

describe('no URL leaves the renderer folder', () => {
  const escapes = [
    'app://desk/../secret.txt',
    'app://desk/../../secret.txt',
    'app://desk/assets/../../secret.txt',
    'app://desk/%2e%2e/secret.txt',
    'app://desk/%2e%2e/%2e%2e/secret.txt',
    'app://desk/..%2fsecret.txt',
    'app://desk/..%2f..%2fsecret.txt',
    'app://desk/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://desk/..%5c..%5csecret.txt',
    'app://desk/assets/linked.txt',
    'app://desk/%00index.html',
    'app://desk/%E0%A4%A',
  ];

  it.each(escapes)('%s', async (url) => {
    const response = await serve(url);
    const body = await response.text();
    expect(body).not.toContain(SECRET);
    // Folded by the URL parser to a path inside the folder, or refused: never the file outside.
    expect([200, 404]).toContain(response.status);
    if (response.status === 200) expect(body).toBe(INDEX_HTML);
  });

  it('refuses the paths themselves, whatever the URL parser left in them', () => {
    expect(resolveAppPath(rendererDir, '/../secret.txt')).toBeNull();
    expect(resolveAppPath(rendererDir, '/..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(rendererDir, '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveAppPath(rendererDir, '/assets\\..\\..\\secret.txt')).toBeNull();
    expect(resolveAppPath(rendererDir, '/index.html%00.js')).toBeNull();
    expect(resolveAppPath(rendererDir, '/%zz')).toBeNull();
    expect(resolveAppPath(rendererDir, '/assets/app.js')).toBe(path.join(rendererDir, 'assets', 'app.js'));
  });
});

describe('which URLs are our own pages', () => {
  it('knows app://desk/ and, in dev, only the dev server origin', () => {
    expect(isAppUrl('app://desk/index.html')).toBe(true);
    expect(isAppUrl('app://desk.evil/index.html')).toBe(false);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///work/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
