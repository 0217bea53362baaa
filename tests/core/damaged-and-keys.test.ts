import { chmodSync, mkdirSync, mkdtempSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli';
import { createCore, DATABASE_FILE } from '../../src/core';
import { keyFileFor } from '../../src/core/security/keys';
import { startWebHost, TOKEN_HEADER, type WebHost } from '../../src/web/server';
import { sampleClient, useTempCore } from './helpers';

const openCore = useTempCore();

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { stdout: (l) => out.push(l), stderr: (l) => err.push(l) },
    { env: process.env },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function folderWithClients(n: number): Promise<string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-damaged-'));
  const core = createCore({ dataDir, log: () => {} });
  for (let i = 0; i < n; i++)
    await core.call('clients.create', {
      client: sampleClient({ surname: `Prezime${i}`, notes: 'n'.repeat(400) }),
    });
  core.close();
  return dataDir;
}

describe('a damaged database', () => {
  it.each([
    ['cut mid-page', (size: number) => Math.floor(size / 2) + 123],
    ['cut at a page boundary', (size: number) => Math.floor(size / 2 / 4096) * 4096],
    ['cut to a few bytes', () => 100],
  ])(
    '%s: the CLI says the file is damaged and how to restore the last backup (exit 1)',
    async (_name, cut) => {
      const dataDir = await folderWithClients(300);
      const file = path.join(dataDir, DATABASE_FILE);
      truncateSync(file, cut(statSync(file).size));
      const { code, err } = await cli(['check', '--data', dataDir]);
      expect(err).not.toMatch(/Internal error/);
      expect(err).toMatch(/damaged/);
      expect(err).toMatch(/restore/);
      expect(err).toMatch(/backups/); // the daily backup made at the first start is named
      expect(code).toBe(1);
    },
    60_000,
  );
});

describe('the key file', () => {
  it.skipIf(process.platform === 'win32')(
    'readable by everyone: accepted with a warning and set back to owner-only',
    async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-keyperm-'));
      openCore({ dataDir }).close();
      const keyFile = keyFileFor(dataDir);
      chmodSync(keyFile, 0o644);
      const lines: string[] = [];
      const core = openCore({ dataDir, log: (line) => lines.push(line) });
      expect((await core.call('system.info', {})).clientCount).toBe(0);
      expect(lines.join('\n')).toMatch(/could be read by other users \(mode 644\).*set to owner-only/);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    },
  );
});

describe('the web host token', () => {
  const hosts: WebHost[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
  });

  it('is checked before the body is read: a wrong token with a broken or oversized body gets 401', async () => {
    const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'msc-renderer-'));
    mkdirSync(path.join(rendererDir, 'assets'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>MSC Desk</title>');
    const host = await startWebHost({
      core: openCore(),
      rendererDir,
      port: 0,
      token: 'secret-token',
      bodyLimitBytes: 1000,
    });
    hosts.push(host);
    const base = new URL(host.url).origin;
    const post = (body: string, token?: string) =>
      fetch(`${base}/api/call/clients.search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { [TOKEN_HEADER]: token } : {}) },
        body,
      });
    expect((await post('{not json')).status).toBe(401);
    expect((await post(JSON.stringify({ query: 'x'.repeat(5000) }), 'wrong-token!')).status).toBe(401);
    expect((await post('{not json', 'secret-token')).status).toBe(400);
    expect((await post(JSON.stringify({ query: 'x'.repeat(5000) }), 'secret-token')).status).toBe(413);
  });
});
