import path from 'node:path';
import { parseArgs } from 'node:util';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, withCore, type Command } from '../command';

export const backupCommand: Command = {
  name: 'backup',
  calls: ['backups.create', 'backups.verify'],
  summary: 'Write an encrypted backup of the office database to a folder (e.g. a USB stick)',
  usage: '--out DIR [--data DIR]',
  help: [
    '--out DIR   the folder to write the backup into (created if missing)',
    "--data DIR  the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
    '',
    'The backup is encrypted with the office key: restoring it needs the key file or the recovery key.',
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { ...commonOptions, out: { type: 'string' } },
      }),
    );
    if (positionals.length > 0)
      throw new UsageError(`backup takes no arguments; got "${positionals.join(' ')}".`);
    if (!values.out) throw new UsageError('Say where the backup goes: --out DIR.');
    const folder = path.resolve(context.cwd, values.out);
    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        const backup = await core.call('backups.create', { folder });
        const check = await core.call('backups.verify', { file: backup.file });
        context.io.stdout(
          `Backup written: ${backup.file} (${Math.round(backup.bytes / 1024)} KiB, ${check.clients} clients, integrity ${check.integrity})`,
        );
        return check.ok ? 0 : 1;
      },
      { mustExist: true },
    );
  },
};
