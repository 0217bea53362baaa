/**
 * Entry of the utility process that runs the core (built to out/main/core-process.js and forked
 * by main), so a slow query or a PDF render never freezes the window. Main passes `--data` and,
 * outside a packaged app, `--native-binding` (see launch-options.ts); the database key comes as the
 * first message, never in argv or env (see core-protocol.ts).
 */
import { createCore } from '../core';
import { defaultDataDir } from '../core/paths';
import { startCoreService } from './core-service';
import { parseCoreProcessArgs } from './launch-options';

const port = process.parentPort;
if (!port) {
  process.stderr.write('core-process.js runs only as an Electron utility process.\n');
  process.exit(1);
}

const options = parseCoreProcessArgs(process.argv.slice(1), process.env, () => defaultDataDir());

startCoreService({
  port,
  // Staff sign in to the desktop app; the core checks each call against their role.
  openCore: (databaseKey) => createCore({ ...options, databaseKey, access: { kind: 'interactive' } }),
  exit: (code) => process.exit(code),
});
