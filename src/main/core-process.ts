/**
 * Entry of the utility process that runs the core (built to out/main/core-process.js and forked
 * by main), so a slow query or a PDF render never freezes the window. Main passes `--data`,
 * `--logs` (core.log goes there, slow calls included), `--resources` in an installed app and,
 * outside one, `--native-binding` (see launch-options.ts); the database key comes as the first
 * message, never in argv or env (see core-protocol.ts).
 */
import path from 'node:path';
import { checkDatabaseKey, createCore, DATABASE_FILE, defaultDataDir } from '../core';
import { installCoreNetwork } from './core-network';
import { startCoreService } from './core-service';
import { parseCoreProcessArgs } from './launch-options';
import { openFileLog } from './logs';

const port = process.parentPort;
if (!port) {
  process.stderr.write('core-process.js runs only as an Electron utility process.\n');
  process.exit(1);
}

const { logsDir, resourcesDir, ...options } = parseCoreProcessArgs(process.argv.slice(1), process.env, () =>
  defaultDataDir(),
);
// The packet code finds its templates and fonts through this variable (core/packets/resources.ts).
if (resourcesDir) process.env.MSC_DESK_RESOURCES = resourcesDir;

// Only an installed app is given its resources folder.
const installed = resourcesDir !== undefined;
// No echo: main reads this process's stdout and stderr into core.log (and, from a checkout, its
// terminal), so an echoed line would be written twice.
const file = logsDir ? openFileLog(logsDir, 'core') : undefined;
file?.catchErrors();
const log = file?.info ?? ((line: string) => process.stderr.write(`${line}\n`));
log(`[core] started (pid ${process.pid})`);

const service = startCoreService({
  port,
  // Staff sign in to the desktop app; the core checks each call against their role.
  openCore: (databaseKey) => createCore({ ...options, databaseKey, access: { kind: 'interactive' }, log }),
  // Main asks before it trusts a key (a key file, the recovery key, the start-up passphrase).
  checkKey: (databaseKey) =>
    checkDatabaseKey(path.join(options.dataDir, DATABASE_FILE), databaseKey, options.nativeBinding),
  exit: (code) => process.exit(code),
  log,
  installed,
});
// Before any sync can run: the core opens only once main has sent the key.
installCoreNetwork((url) => service.resolveProxy(url));
log('[core] sync network: Electron net for servers without a pin; pinned servers through the system proxy');
