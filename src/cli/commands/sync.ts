import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Core } from '../../core';
import type { SyncBehind, SyncConflict, SyncRunResult } from '../../shared/contract/sync';
import { previewLines, progressLine } from './sync-preview';
import { AppError } from '../../shared/errors';
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

/** "01.12.2026 21:50": how the desk writes a moment (local time). */
function moment(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The line `sync` and `check` print while a pull has not reached the end of the centre's log. */
export function behindLine(behind: SyncBehind): string {
  const figure = (n: number) => n.toLocaleString('en-US');
  const here =
    behind.total !== null
      ? ` (${figure(behind.have)} of ${figure(behind.total)} records of the last pull are here)`
      : '';
  return `This PC is behind the centre since ${moment(behind.since)}${here}; the rest comes with the next complete sync.`;
}

export const syncCommand: Command = {
  name: 'sync',
  calls: [
    'sync.cancel',
    'sync.conflicts',
    'sync.loadAnswer',
    'sync.preview',
    'sync.run',
    'sync.saveChanges',
    'sync.status',
  ],
  summary: "Sync with the central server: send this PC's changes, fetch the office's, list conflicts",
  usage:
    '[--confirm-mass-delete] [--json] [--data DIR] | --preview [--json] [--data DIR] | --to-file FILE [--data DIR] | --from-file ANSWER [--data DIR]',
  help: [
    '--confirm-mass-delete  go on when the pull would remove most of the records on this PC (a sync',
    '                       stops and asks first, exit code 1, removing nothing)',
    "--to-file FILE         no link: write this PC's unsent changes (and where its pull stands) into FILE,",
    '                       sealed for the centre; there: "server apply-bundle FILE --reply ANSWER"',
    "--from-file ANSWER     apply the centre's answer file (refused if it is for another PC or not newer",
    '                       than the last answer applied here)',
    '--preview              show what a sync would send (counts per kind, the records) and what the last',
    '                       one brought from elsewhere (who, which office PC, when); sends nothing',
    "--json                 print the preview, or the sync's result, as plain JSON",
    "--data DIR             the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
    'A long sync shows its progress on stderr (records and bytes); Ctrl+C cancels it, keeping what',
    'it completed (whole pages, whole batches); the rest goes with the next sync.',
    'Enrol first with "enroll URL CODE". Conflicts are settled in the app (Settings → Sync → Conflicts).',
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
          ...commonOptions,
          'confirm-mass-delete': { type: 'boolean', default: false },
          'to-file': { type: 'string' },
          'from-file': { type: 'string' },
          preview: { type: 'boolean', default: false },
          json: { type: 'boolean', default: false },
        },
      }),
    );
    if (positionals.length > 0)
      throw new UsageError(`"sync" takes no arguments, not "${positionals.join(' ')}".`);
    const { io } = context;
    const toFile = values['to-file'];
    const fromFile = values['from-file'];
    if (toFile !== undefined && fromFile !== undefined)
      throw new UsageError('Use --to-file or --from-file, not both: the answer comes back from the centre.');
    if (values.preview && (toFile !== undefined || fromFile !== undefined || values['confirm-mass-delete']))
      throw new UsageError(
        '--preview only shows what a sync would do; use it on its own (with --json, --data).',
      );
    if (values.json && (toFile !== undefined || fromFile !== undefined))
      throw new UsageError('--json goes with a sync or --preview, not with --to-file or --from-file.');
    if (values.preview) {
      return withCore(
        dataDirOf(values.data, context),
        context,
        async (core) => {
          const preview = await core.call('sync.preview', { limit: 100 });
          if (values.json) io.stdout(JSON.stringify(preview, null, 2));
          else for (const line of previewLines(preview)) io.stdout(line);
          return 0;
        },
        { mustExist: true },
      );
    }
    if (toFile !== undefined || fromFile !== undefined) {
      return withCore(
        dataDirOf(values.data, context),
        context,
        async (core) => {
          if (toFile !== undefined) {
            const saved = await core.call('sync.saveChanges', {});
            fs.writeFileSync(toFile, Buffer.from(saved.contentBase64, 'base64'));
            io.stdout(
              `Wrote ${saved.changes} change(s) to ${toFile} (sync file ${saved.sequence}). ` +
                'Take it to the centre ("server apply-bundle"), then load the answer here with --from-file.',
            );
            // Documents' content (issue 15): what did not fit goes with the next file.
            if (saved.documents && saved.documents.left > 0)
              io.stdout(
                `${saved.documents.carried} document(s) went in; ${saved.documents.left} did not fit (at most 100 MB of documents per file) and go with the next sync file.`,
              );
            return 0;
          }
          let content: Buffer;
          try {
            content = fs.readFileSync(fromFile!);
          } catch {
            throw new UsageError(`Cannot read ${fromFile}.`);
          }
          const applied = await core.call('sync.loadAnswer', { contentBase64: content.toString('base64') });
          const replays = applied.duplicates > 0 ? ` (${applied.duplicates} it already had)` : '';
          io.stdout(
            `The centre took ${applied.pushed} change(s)${replays}${applied.refused > 0 ? `, refused ${applied.refused}` : ''}; ` +
              `${applied.pulled} came from elsewhere; ${applied.conflicts} new conflict(s).`,
          );
          return 0;
        },
        { mustExist: true },
      );
    }
    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        let result: SyncRunResult;
        try {
          result = await runWithProgress(core, values['confirm-mass-delete'], io);
        } catch (error) {
          // What went wrong first, then plainly what it leaves this PC with.
          if (!(error instanceof AppError) || error.code === 'INTERNAL') throw error;
          const { behind } = await core.call('sync.status', {});
          if (!behind) throw error;
          throw new AppError(error.code, `${error.message}\n${behindLine(behind)}`, {
            fields: error.fields,
            detail: error.detail,
          });
        }
        if (values.json) {
          io.stdout(JSON.stringify(result, null, 2));
          return result.needsConfirmation || result.cancelled ? 1 : 0;
        }
        const replays = result.duplicates > 0 ? ` (${result.duplicates} the server already had)` : '';
        if (result.cancelled) {
          io.stdout(
            `Cancelled: pushed ${result.pushed} change(s)${replays}, pulled ${result.pulled}, in ${result.durationMs} ms. ` +
              'What was done is kept; the rest goes with the next sync, nothing is lost.',
          );
          const { behind } = await core.call('sync.status', {});
          if (behind) io.stdout(behindLine(behind));
          return 1;
        }
        io.stdout(
          `Pushed ${result.pushed} change(s)${replays}, pulled ${result.pulled}, in ${result.durationMs} ms.`,
        );
        if (result.removed > 0) io.stdout(`${result.removed} record(s) left this office (transferred).`);
        if (result.restarted === 'restored')
          io.stdout(
            "This PC's data was older than what the server had already seen from it (put back from a backup?): " +
              "it took the office's current records again, so nothing from after the backup is missing.",
          );
        if (result.parked > 0)
          io.stdout(`${result.parked} change(s) kept aside until this version can store them.`);
        const { behind, unsent, unsentCount } = await core.call('sync.status', {});
        if (behind) io.stdout(behindLine(behind));
        // Held records block nothing (the rest was sent), but a person has to fix them.
        if (unsentCount > 0) {
          io.stdout(`${unsentCount} record(s) could not be sent; fix them and sync again:`);
          for (const held of unsent) io.stdout(`  ${held.label} — ${held.message}`);
        }
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

/** A progress line on stderr every few seconds while a sync runs long; Ctrl+C cancels it. */
async function runWithProgress(
  core: Core,
  confirmMassDelete: boolean,
  io: { stderr: (line: string) => void },
): Promise<SyncRunResult> {
  const EVERY_MS = 2000;
  let cancelAsked = false;
  const onInterrupt = () => {
    if (cancelAsked) return;
    cancelAsked = true;
    io.stderr('Cancelling the sync… what is done is kept.');
    void core.call('sync.cancel', {}).catch(() => {});
  };
  process.on('SIGINT', onInterrupt);
  const timer = setInterval(() => {
    core.call('sync.status', {}).then(
      (status) => {
        if (status.running) io.stderr(progressLine(status.running));
      },
      () => {},
    );
  }, EVERY_MS);
  try {
    return await core.call('sync.run', { confirmMassDelete });
  } finally {
    clearInterval(timer);
    process.off('SIGINT', onInterrupt);
  }
}
