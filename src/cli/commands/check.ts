import { parseArgs } from 'node:util';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, withCore, type Command } from '../command';
import { behindLine } from './sync';

export const checkCommand: Command = {
  name: 'check',
  calls: ['sync.status', 'system.check', 'system.info'],
  summary: 'Check the database: integrity, foreign keys and migration status',
  usage: '[--json] [--data DIR]',
  help: [
    '--json      print the check as JSON',
    "--data DIR  the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
    '',
    'Exits 0 when everything is in order and 1 when something needs attention.',
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { ...commonOptions, json: { type: 'boolean', default: false } },
      }),
    );
    if (positionals.length > 0)
      throw new UsageError(`check takes no arguments; got "${positionals.join(' ')}".`);

    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        const info = await core.call('system.info', {});
        const check = await core.call('system.check', {});
        // A PC whose last pull stopped part-way is not "in order", however sound its database.
        const { behind } = await core.call('sync.status', {});
        const ok = check.ok && !behind;
        const { io } = context;
        if (values.json) {
          io.stdout(
            JSON.stringify(
              { ...check, ok, dataDir: info.dataDir, clientCount: info.clientCount, syncBehind: behind },
              null,
              2,
            ),
          );
          return ok ? 0 : 1;
        }
        const integrityOk = check.integrity.length === 1 && check.integrity[0] === 'ok';
        const upToDate = check.schemaVersion === check.latestSchemaVersion;
        io.stdout(`Data folder: ${info.dataDir} (${info.clientCount} clients)`);
        io.stdout(`Integrity:    ${integrityOk ? 'ok' : check.integrity.join('; ')}`);
        io.stdout(
          `Foreign keys: ${check.foreignKeyProblems === 0 ? 'ok' : `${check.foreignKeyProblems} broken references`}`,
        );
        io.stdout(
          `Migrations:   schema ${check.schemaVersion} of ${check.latestSchemaVersion}${upToDate ? ', up to date' : ', NOT up to date'}`,
        );
        io.stdout(`Journal:      ${check.journalMode}`);
        if (behind) io.stdout(`Sync:         ${behindLine(behind)}`);
        io.stdout(ok ? 'All in order.' : 'Something needs attention (see above).');
        return ok ? 0 : 1;
      },
      { mustExist: true },
    );
  },
};
