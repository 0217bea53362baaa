import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The layers (STYLE.md): shared imports nothing of ours; core only shared; renderer only shared;
 * none of them imports electron.
 */
const layer = (from, forbidden) => ({
  files: [`src/${from}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [{ name: 'electron', message: 'Only src/main and src/preload may import electron.' }],
        patterns: forbidden.map((folder) => ({
          group: [`**/${folder}`, `**/${folder}/**`],
          message: `src/${from} must not import src/${folder} (see STYLE.md layers).`,
        })),
      },
    ],
  },
});

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
  layer('shared', ['core', 'main', 'preload', 'web', 'cli', 'renderer', 'server']),
  layer('core', ['main', 'preload', 'web', 'cli', 'renderer', 'server']),
  layer('renderer', ['core', 'main', 'preload', 'web', 'cli', 'server']),
);
