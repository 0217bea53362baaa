import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../../core';
import { defaultDataDir } from '../../core/paths';
import type { SyncConflict } from '../../shared/contract/sync';

/**
 * `sync [--confirm-mass-delete] [--data DIR]`: one sync with the server, then what was pushed,
 * pulled and which conflicts wait to be settled. Exit 0 when done, 2 when it stopped to ask
 * before removing many records, 1 on failure (the message says what to do).
 */

export const syncUsage = 'sync [--confirm-mass-delete] [--data DIR]';

interface CommandIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const show = (value: unknown) => (value === null ? '(empty)' : JSON.stringify(value));

function conflictLine(c: SyncConflict): string {
  const what = c.kind === 'deleted' ? 'removed on one side, edited on the other' : c.kind === 'refused' ? 'refused by the server' : c.field;
  return `  ${c.label} — ${what}: here ${show(c.localValue)}, elsewhere ${show(c.remoteValue)} (in use: ${c.winner === 'local' ? 'here' : 'elsewhere'})`;
}

export async function runSyncCommand(argv: string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: { data: { type: 'string' }, 'confirm-mass-delete': { type: 'boolean', default: false } },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\nUsage: ${syncUsage}`);
    return 1;
  }
  const dataDir = parsed.values.data ? path.resolve(parsed.values.data) : defaultDataDir(env);
  const core = createCore({ dataDir, log: () => {} });
  try {
    const result = await core.call('sync.run', { confirmMassDelete: parsed.values['confirm-mass-delete'] });
    io.stdout(`Pushed ${result.pushed} change(s)${result.duplicates > 0 ? ` (${result.duplicates} the server already had)` : ''}, pulled ${result.pulled}, in ${result.durationMs} ms.`);
    if (result.removed > 0) io.stdout(`${result.removed} record(s) left this office (transferred).`);
    if (result.parked > 0) io.stdout(`${result.parked} change(s) kept aside until this version can store them.`);
    if (result.needsConfirmation) {
      const { deletions, liveRecords } = result.needsConfirmation;
      io.stderr(
        `Stopped before removing ${deletions} of the ${liveRecords} records on this PC (removed on other PCs). ` +
          'Nothing was removed. If that is expected, run again with --confirm-mass-delete.',
      );
      return 2;
    }
    const conflicts = await core.call('sync.conflicts', { limit: 50 });
    io.stdout(`${result.newConflicts} new conflict(s); ${conflicts.total} to settle in the app (Sync → Conflicts).`);
    for (const conflict of conflicts.items) io.stdout(conflictLine(conflict));
    return 0;
  } catch (error) {
    const shape = error as { code?: string; message?: string };
    io.stderr(`${shape.code ?? 'ERROR'}: ${shape.message ?? String(error)}`);
    return 1;
  } finally {
    core.close();
  }
}
