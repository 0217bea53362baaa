import path from 'node:path';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The layers (STYLE.md, DESIGN.md §1), checked here so nobody has to remember them. What each
 * folder of src/ may import of ours:
 *
 *   shared    nothing (shared/node: the part that needs Node — signatures, sealed sync files —
 *             used by the core, the server, main and the CLI, never the renderer or the preload)
 *   core      shared
 *   renderer  shared (it talks to the core through window.api)
 *   server    shared (the central server is not the desk app's core)
 *   preload   shared
 *   web       shared, the core's face
 *   cli       shared, the core's face, the server (whose admin commands the CLI carries)
 *   main      shared, the preload's channel names, the core's SQLite-free face (core/host.ts);
 *             the files that run in the core's utility process may import the whole face
 *
 * The core's face is src/core/index.ts (and src/core/host.ts, its part without SQLite): no other
 * folder reaches into a file inside src/core. Only src/main and src/preload import electron, and
 * SQLite never loads in Electron's main process. Paths are resolved, not pattern-matched, so
 * `./server` inside src/web is its own file and `../server` from src/cli is the server.
 * tests/shared/lint-layers.test.ts runs this rule on snippets so it cannot silently stop working.
 */
const LAYERS = {
  shared: [],
  core: ['shared'],
  renderer: ['shared'],
  server: ['shared'],
  preload: ['shared'],
  web: ['shared', 'core'],
  cli: ['shared', 'core', 'server'],
  main: ['shared', 'core', 'preload'],
};
const ELECTRON_HOSTS = ['main', 'preload'];
/** The layers that run in Node and may use src/shared/node. */
const NODE_SHARED = ['core', 'server', 'main', 'web', 'cli'];
/** Files of src/main that run in the core's utility process (core-process.ts is its entry). */
const UTILITY_PROCESS = ['core-process', 'core-service', 'core-network'];
const SRC = path.join(import.meta.dirname, 'src');
const withoutExtension = (file) => file.replace(/\.[cm]?[jt]sx?$/, '');

/** Why `source`, imported by `file`, breaks the layers; undefined when it does not. */
export function layerViolation(file, source) {
  const fromParts = path.relative(SRC, file).split(path.sep);
  const from = fromParts[0];
  if (fromParts.length < 2 || !(from in LAYERS)) return undefined;
  if (source === 'electron')
    return ELECTRON_HOSTS.includes(from) ? undefined : 'Only src/main and src/preload may import electron.';
  if (source === 'better-sqlite3-multiple-ciphers' && from === 'main')
    return "SQLite loads only in the core's utility process; main asks it (src/main/key-check.ts).";
  if (!source.startsWith('.')) return undefined;
  const target = path.relative(SRC, path.resolve(path.dirname(file), source));
  if (target.startsWith('..') || path.isAbsolute(target)) return undefined;
  const [to, ...inside] = target.split(path.sep);
  if (to === from) return undefined;
  if (to === 'shared' && inside[0] === 'node' && !NODE_SHARED.includes(from))
    return `src/shared/node needs Node; src/${from} runs in a browser page and must not import it.`;
  if (!LAYERS[from].includes(to))
    return `src/${from} must not import src/${to} (the layers are listed in eslint.config.js).`;
  if (to !== 'core') return undefined;
  const face = withoutExtension(inside.join('/'));
  const whole = face === '' || face === 'index';
  if (from === 'main' && !UTILITY_PROCESS.includes(withoutExtension(fromParts.at(-1))))
    return face === 'host'
      ? undefined
      : "Electron's main process imports only src/core/host (no SQLite in main); the core runs in its utility process.";
  return whole || face === 'host'
    ? undefined
    : `Import the core through its face, src/core (index.ts), not src/core/${face}.`;
}

const layersPlugin = {
  rules: {
    imports: {
      meta: {
        type: 'problem',
        docs: { description: 'Keeps the layers of src/ and the core behind its face.' },
        schema: [],
      },
      create(context) {
        const check = (node) => {
          const source = node.source;
          if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
          const message = layerViolation(context.filename, source.value);
          if (message) context.report({ node: source, message });
        };
        return {
          ImportDeclaration: check,
          ExportNamedDeclaration: check,
          ExportAllDeclaration: check,
          ImportExpression: check,
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'scratch/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/imports': 'error' },
  },
);
