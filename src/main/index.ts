/**
 * src/main — the Electron main process, a thin relay: windows, menus, the app:// protocol,
 * dialogs, and the core in a utility process (core-process.ts). Files here may import `core`
 * and `shared`; only the files that need Electron import it, so the rest is tested in Node.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog } from 'electron';
import { startDesktopApp } from './desktop-app';

startDesktopApp({ mainDir: path.dirname(fileURLToPath(import.meta.url)), catchErrors: true }).catch(
  (error: unknown) => {
    process.stderr.write(
      `[main] could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    dialog.showErrorBox(
      'MSC Desk could not start',
      'The details are in the log. Restart MSC Desk; if it happens again, call support.',
    );
    app.exit(1);
  },
);
