import path from 'node:path';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';

/**
 * A sandboxed preload can require only `electron`, and everything it bundles runs in every page
 * load. It takes only types from the contract, so zod and the schemas must not end up in it.
 */
async function bundlePreload(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: path.resolve('src/preload/index.ts'), formats: ['cjs'], fileName: 'index' },
      rollupOptions: { external: ['electron'] },
    },
  });
  const [result] = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
  const chunk = result?.output.find((item): item is Rollup.OutputChunk => item.type === 'chunk');
  if (!chunk) throw new Error('the preload produced no chunk');
  return chunk.code;
}

describe('the built preload', () => {
  it('requires only electron and carries neither zod nor the contract', async () => {
    const code = await bundlePreload();
    expect([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1])).toEqual(['electron']);
    expect(code).not.toMatch(/zod|safeParse|defineCalls|clients\.search/);
    expect(code).toContain('exposeInMainWorld("api"');
    expect(code).toContain('"core:invoke"');
    expect(code).toContain('exposeInMainWorld("desktop"');
    expect(code).toContain('"desk:request"');
    expect(code.length).toBeLessThan(1000);
  });
});
