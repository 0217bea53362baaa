import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Core } from '../core';
import { startupFailureMessage } from '../shared/startup-failure';

/**
 * `npm run web [-- --port N --data DIR --open | --no-open]`: serve the built renderer and the core
 * on 127.0.0.1 and print the URL to open. A failure to start is one sentence and exit code 1.
 */
const USAGE = 'Usage: npm run web -- [--port N] [--data DIR] [--open | --no-open]';
const program = 'the web host';
let port = 0;
let dataDir: string | undefined;
let core: Core | undefined;

try {
  // Imported here, not at the top, so a module that fails to load (a SQLite build for another
  // Node version, a missing package) is reported as a sentence like any other start-up failure.
  const [{ createCore, defaultDataDir }, { startWebHost }] = await Promise.all([
    import('../core'),
    import('./server'),
  ]);
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.MSC_DESK_PORT ?? '5780' },
      data: { type: 'string' },
      open: { type: 'boolean' },
      'no-open': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`--port must be a number from 0 to 65535, not "${values.port}".`);
  }
  const sharedWithDesktop = !values.data && !process.env.MSC_DESK_DATA;
  dataDir = values.data ? path.resolve(values.data) : defaultDataDir();
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  // People use the web host as they use the desktop app: they sign in, and roles are checked per call.
  core = createCore({ dataDir, access: { kind: 'interactive' } });
  const host = await startWebHost({
    core,
    rendererDir: path.join(
      process.env.MSC_OUT_DIR ? path.resolve(process.env.MSC_OUT_DIR) : path.join(root, 'out'),
      'renderer',
    ),
    port,
  });
  process.stdout.write(
    sharedWithDesktop
      ? `MSC Desk web host, using the desktop app's data in ${dataDir} (the same records as the desktop app on this PC; --data DIR for another folder)\n`
      : `MSC Desk web host, data in ${dataDir}\n`,
  );
  process.stdout.write(`Open ${host.url}\n`);
  if (values.open ?? (!values['no-open'] && hasDisplay())) openInBrowser(host.url);

  const stop = async () => {
    await host.close();
    core?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (error) {
  core?.close();
  fail(startupFailureMessage(error, { program, port, dataDir }));
}

function fail(sentence: string): never {
  process.stderr.write(`${sentence}\n`);
  process.exit(1);
}

/** A desktop session a browser can open in (a server over SSH or CI has none). */
function hasDisplay(): boolean {
  if (process.platform === 'win32' || process.platform === 'darwin') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** The system's default browser; if there is none, the printed URL is still there to open by hand. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '""', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: false });
  child.on('error', () =>
    process.stderr.write('Could not open a browser by itself; open the URL above in one.\n'),
  );
  child.unref();
}
