import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core';

const WRITER = path.join(import.meta.dirname, 'fixtures', 'crash-writer.ts');

/** Runs the writer until it has acknowledged some writes, then kills it without warning. */
function writeThenKill(dataDir: string, killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let out = '';
    let errors = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer ended by itself (${code}): ${errors}`));
      // Only complete lines were acknowledged; a torn last line was still being written.
      else resolve(out.split('\n').slice(0, -1));
    });
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged write and a sound database across repeated SIGKILLs', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-crash-'));
    const acknowledged: string[] = [];
    for (let round = 0; round < 6; round++) {
      acknowledged.push(...(await writeThenKill(dataDir, 50 + Math.floor(Math.random() * 400))));
      const core = createCore({ dataDir, log: () => {} });
      try {
        expect((await core.call('system.check', {})).integrity).toEqual(['ok']);
        const count = (await core.call('system.info', {})).clientCount;
        expect(count).toBeGreaterThanOrEqual(acknowledged.length);
        for (const id of acknowledged) {
          expect((await core.call('clients.get', { id })).id).toBe(id);
        }
      } finally {
        core.close();
      }
    }
    expect(acknowledged.length).toBeGreaterThan(20);
  }, 120_000);
});
