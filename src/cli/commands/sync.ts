import { parseArgs } from 'node:util';
import type { SyncConflict } from '../../shared/contract/sync';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, withCore, type Command } from '../command';

const show = (value: unknown) => (value === null ? '(empty)' : JSON.stringify(value));

function conflictLine(c: SyncConflict): string {
  const what =
    c.kind === 'deleted'
      ? 'removed on one side, edited on the other'
      : c.kind === 'refused'
        ? 'refused by the server'
        : c.field;
  const inUse = c.winner === 'local' ? 'here' : 'elsewhere';
  return `  ${c.label} — ${what}: here ${show(c.localValue)}, elsewhere ${show(c.remoteValue)} (in use: ${inUse})`;
}

export const syncCommand: Command = {
  name: 'sync',
  summary: "Sync with the central server: send this PC's changes, fetch the office's, list conflicts",
  usage: '[--confirm-mass-delete] [--data DIR]',
  help: [
    '--confirm-mass-delete  go on when the pull would remove most of the records on this PC (a sync',
    '                       stops and asks first, exit code 1, removing nothing)',
    "--data DIR             the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
    'Enrol first with "enroll URL CODE". Conflicts are settled in the app (Settings → Sync → Conflicts).',
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { ...commonOptions, 'confirm-mass-delete': { type: 'boolean', default: false } },
      }),
    );
    if (positionals.length > 0)
      throw new UsageError(`"sync" takes no arguments, not "${positionals.join(' ')}".`);
    const { io } = context;
    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        const result = await core.call('sync.run', { confirmMassDelete: values['confirm-mass-delete'] });
        const replays = result.duplicates > 0 ? ` (${result.duplicates} the server already had)` : '';
        io.stdout(
          `Pushed ${result.pushed} change(s)${replays}, pulled ${result.pulled}, in ${result.durationMs} ms.`,
        );
        if (result.removed > 0) io.stdout(`${result.removed} record(s) left this office (transferred).`);
        if (result.parked > 0)
          io.stdout(`${result.parked} change(s) kept aside until this version can store them.`);
        if (result.needsConfirmation) {
          const { deletions, liveRecords } = result.needsConfirmation;
          io.stderr(
            `Stopped before removing ${deletions} of the ${liveRecords} records on this PC (they were removed on other PCs). ` +
              'Nothing was removed. If that is expected, run again with --confirm-mass-delete.',
          );
          return 1;
        }
        const conflicts = await core.call('sync.conflicts', { limit: 50 });
        io.stdout(
          `${result.newConflicts} new conflict(s); ${conflicts.total} to settle in the app (Settings → Sync → Conflicts).`,
        );
        for (const conflict of conflicts.items) io.stdout(conflictLine(conflict));
        return 0;
      },
      { mustExist: true },
    );
  },
};
