import { parseArgs } from 'node:util';
import { recoverKeyFile } from '../../core';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, type Command } from '../command';

export const recoverCommand: Command = {
  name: 'recover',
  summary: 'Restore a lost key file from the recovery key the office admin wrote down at setup',
  usage: '--recovery-key "XXXX-XXXX-…" [--data DIR]',
  help: [
    '--recovery-key KEY  the recovery key shown once at setup (groups of four, dashes optional)',
    "--data DIR          the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
    '',
    'The key is checked against the database first; only a key that opens it is saved.',
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { ...commonOptions, 'recovery-key': { type: 'string' } },
      }),
    );
    if (positionals.length > 0)
      throw new UsageError(`recover takes no arguments; got "${positionals.join(' ')}".`);
    const recoveryKey = values['recovery-key'];
    if (!recoveryKey) throw new UsageError('Give the recovery key: --recovery-key "XXXX-XXXX-…".');
    const keyFile = recoverKeyFile(dataDirOf(values.data, context), recoveryKey, context.env);
    context.io.stdout(`The recovery key opens the database; the key file was written to ${keyFile}.`);
    return 0;
  },
};
