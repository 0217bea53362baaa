import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../src/core';
import type { ClientInput } from '../../src/shared/client';

/** A real core on a real database file in a fresh temp folder, closed and removed after the test. */
export function useTempCore() {
  const opened: { core: Core; dir: string }[] = [];
  afterEach(() => {
    for (const { core, dir } of opened.splice(0)) {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return (options: Partial<CoreOptions> = {}): Core => {
    const dir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'msc-core-'));
    const core = createCore({ log: () => {}, ...options, dataDir: dir });
    opened.push({ core, dir });
    return core;
  };
}

export function sampleClient(overrides: Partial<ClientInput> = {}): ClientInput {
  return {
    surname: 'Jovanović',
    givenName: 'Dragan',
    category: 'returnee_germany',
    ...overrides,
  };
}
