/**
 * src/main — the Electron main process, a thin relay: windows, menus, the app:// protocol,
 * dialogs, and the core in a utility process (core-process.ts). Files here may import `core`
 * and `shared`; only the files that need Electron import it, so the rest is tested in Node.
 *
 * This entry imports the rest of main lazily, so even a module that fails to load is caught,
 * written to main.log and shown (startup-failure.ts). `--cli COMMAND …` runs a CLI command
 * instead of the app (cli-mode.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, safeStorage } from 'electron';
import type * as CliMode from './cli-mode';
import type * as DesktopApp from './desktop-app';
import { reportStartupFailure } from './startup-failure';

const mainDir = path.dirname(fileURLToPath(import.meta.url));

const failed = (error: unknown) =>
  reportStartupFailure(error, {
    logsDir: () => app.getPath('logs'),
    userDataDir: () => app.getPath('userData'),
    whenReady: () => app.whenReady(),
    showError: (box) => dialog.showMessageBox({ type: 'error', buttons: ['Quit'], noLink: true, ...box }),
    exit: (code) => app.exit(code),
  });

/**
 * The rest of main loads before `ready` (top-level await: Electron emits `ready` only once the
 * entry has finished evaluating, and the scheme registration must come before it), inside a try,
 * so a module that fails to load is reported like any other start-up failure.
 */
let modules: [typeof CliMode, typeof DesktopApp] | undefined;
try {
  modules = await Promise.all([import('./cli-mode'), import('./desktop-app')]);
} catch (error) {
  void failed(error);
}

if (modules) {
  const [{ cliArguments, runDesktopCli }, { startDesktopApp }] = modules;
  const cliArgs = cliArguments(process.argv);
  // Never awaited at the top level: both wait for `ready`, which waits for this module.
  if (cliArgs) {
    runDesktopCli({
      mainDir,
      args: cliArgs,
      env: process.env,
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      sealer: async () => {
        await app.whenReady();
        return safeStorage;
      },
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
    }).then(
      (code) => app.exit(code),
      (error: unknown) => {
        process.stderr.write(`Internal error: ${error instanceof Error ? error.message : String(error)}\n`);
        app.exit(2);
      },
    );
  } else {
    startDesktopApp({ mainDir, catchErrors: true }).catch(failed);
  }
}
