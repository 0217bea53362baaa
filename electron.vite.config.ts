import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * Three bundles: main (with the core's utility-process entry), the sandboxed preload (CommonJS,
 * as `sandbox: true` requires) and the React renderer. `npm run web` serves the same renderer.
 */
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          'core-process': resolve('src/main/core-process.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      // index.html is the app; key.html the key screen main shows before the core starts
      // (recovery key, start-up passphrase: src/main/key-screen.ts).
      rollupOptions: {
        input: { index: resolve('src/renderer/index.html'), key: resolve('src/renderer/key.html') },
      },
    },
    plugins: [react()],
  },
});
