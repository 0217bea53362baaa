import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rule of eslint.config.js, run through ESLint's own API on snippets placed in each
 * folder of src/: if the rule stopped being applied (a renamed folder, a config that no longer
 * matches the files), these fail instead of the layers quietly eroding.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function layerMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/imports').map((m) => m.message);
}

describe('the layers of src/', () => {
  it('refuses a deep import into the core from the CLI, and takes the face', async () => {
    expect(
      await layerMessages('src/cli/commands/x.ts', "export { DATABASE_FILE } from '../../core/db/open';\n"),
    ).toEqual(['Import the core through its face, src/core (index.ts), not src/core/db/open.']);
    expect(
      await layerMessages('src/cli/commands/x.ts', "export { createCore } from '../../core';\n"),
    ).toEqual([]);
    expect(await layerMessages('src/cli/x.ts', "export { createCore } from '../core/index';\n")).toEqual([]);
  });

  it('sees deep imports in dynamic imports and re-exports too', async () => {
    expect(
      await layerMessages('src/web/x.ts', "export const load = () => import('../core/paths');\n"),
    ).toHaveLength(1);
    expect(await layerMessages('src/web/x.ts', "export * from '../core/security/keys';\n")).toHaveLength(1);
  });

  it('keeps SQLite and the whole core out of Electron main, except where the core runs', async () => {
    expect(await layerMessages('src/main/x.ts', "export { createCore } from '../core';\n")).toHaveLength(1);
    expect(await layerMessages('src/main/x.ts', "export { DATABASE_FILE } from '../core/host';\n")).toEqual(
      [],
    );
    expect(
      await layerMessages(
        'src/main/x.ts',
        "import Database from 'better-sqlite3-multiple-ciphers';\nexport { Database };\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerMessages('src/main/core-process.ts', "export { createCore } from '../core';\n"),
    ).toEqual([]);
    expect(
      await layerMessages('src/main/core-process.ts', "export { openDatabase } from '../core/db/open';\n"),
    ).toHaveLength(1);
  });

  it('keeps each folder to the layers it may import', async () => {
    const cases: [string, string, boolean][] = [
      ['src/server/x.ts', "export * from '../core';", false],
      ['src/server/x.ts', "export * from '../shared/errors';", true],
      ['src/web/x.ts', "export * from '../main/logs';", false],
      ['src/web/x.ts', "export * from './server';", true], // src/web/server.ts, not the sync server
      ['src/cli/commands/x.ts', "export * from '../../server/admin';", true],
      ['src/renderer/src/x.ts', "export * from '../../core';", false],
      ['src/core/x.ts', "export * from '../cli/run';", false],
      ['src/shared/x.ts', "export * from '../core';", false],
      ['src/shared/x.ts', "import 'electron';", false],
      ['src/preload/x.ts', "import 'electron';", true],
      // The Node-only shared code (release signatures, sealed sync files): both ends, never a page.
      ['src/server/x.ts', "export * from '../shared/node/bundle-seal';", true],
      ['src/main/x.ts', "export * from '../shared/node/release-signature';", true],
      ['src/renderer/src/x.ts', "export * from '../../shared/node/release-key';", false],
      ['src/preload/x.ts', "export * from '../shared/node/release-key';", false],
    ];
    for (const [file, code, allowed] of cases) {
      const messages = await layerMessages(file, `${code}\n`);
      expect({ file, code, refused: messages.length > 0 }).toEqual({ file, code, refused: !allowed });
    }
  });
});
