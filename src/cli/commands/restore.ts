import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DATABASE_FILE, isEncryptedDatabase, resolveDatabaseKey, restoreBackup } from '../../core';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, type Command } from '../command';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Replace the office database with a backup, after checking the backup (close the app first)',
  usage: 'FILE [--data DIR]',
  help: [
    'FILE        the backup file (.sqlite) to restore',
    "--data DIR  the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
    '',
    'The backup is opened with the office key and must pass an integrity check before anything',
    'changes. The current database is first kept in <data>/backups as a pre-restore backup.',
    'Close MSC Desk (and the web host) on this PC before restoring.',
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({ args: argv, allowPositionals: true, strict: true, options: commonOptions }),
    );
    if (positionals.length !== 1) throw new UsageError('Give exactly one backup file to restore.');
    const file = path.resolve(context.cwd, positionals[0]!);
    const dataDir = dataDirOf(values.data, context);
    const live = path.join(dataDir, DATABASE_FILE);
    const { key } = resolveDatabaseKey(dataDir, !existsSync(live) || isEncryptedDatabase(live), context.env);
    const result = restoreBackup(dataDir, file, key, new Date());
    context.io.stdout(
      `Restored ${file} into ${dataDir}: ${result.clients} clients, schema ${result.schemaVersion}.`,
    );
    if (result.previous) context.io.stdout(`The database it replaced was kept as ${result.previous}.`);
    return 0;
  },
};
