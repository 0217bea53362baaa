/**
 * Builds the CLI (src/cli) into out/cli/index.js, part of `npm run build`: `node out/cli/index.js
 * COMMAND …` then runs without tsx, and the installed app runs the same file for `--cli COMMAND …`
 * (src/main/cli-mode.ts). One ES module plus chunks for what is loaded lazily; packages stay
 * outside the bundle and load from node_modules, as the built main and core do.
 *
 *   tsx scripts/build-cli.ts [--outDir DIR] [--entry NAME=FILE …]   (default out/cli)
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Entries besides the CLI (tests add a probe built the same way); named `<name>.js`. */
export async function buildCli(outDir: string, extraEntries: Record<string, string> = {}): Promise<void> {
  await build({
    root: PROJECT_ROOT,
    configFile: false,
    logLevel: 'warn',
    // A Node program: packages are imported at run time, never inlined (vite's SSR default).
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      rollupOptions: {
        input: { index: path.join(PROJECT_ROOT, 'src/cli/index.ts'), ...extraEntries },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  const { values } = parseArgs({
    options: { outDir: { type: 'string' }, entry: { type: 'string', multiple: true } },
  });
  const extra = Object.fromEntries(
    (values.entry ?? []).map((pair) => {
      const [name, file] = pair.split('=');
      if (!name || !file) throw new Error(`--entry takes NAME=FILE, not ${pair}`);
      return [name, path.resolve(file)];
    }),
  );
  await buildCli(path.resolve(values.outDir ?? path.join(PROJECT_ROOT, 'out', 'cli')), extra);
}
