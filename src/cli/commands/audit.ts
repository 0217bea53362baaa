import { parseArgs } from 'node:util';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, withCore, type Command } from '../command';

export const auditCommand: Command = {
  name: 'audit',
  calls: ['audit.verify'],
  summary: 'Verify the audit trail: any edited, removed or reordered entry is reported',
  usage: 'verify [--json] [--data DIR]',
  help: [
    'verify      walk the hash chain of the audit trail',
    '--json      print the result as JSON',
    "--data DIR  the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
    '',
    'Exits 0 when the chain is intact and 1 when an entry was tampered with.',
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
    if (positionals.length !== 1 || positionals[0] !== 'verify')
      throw new UsageError('The only audit command is "audit verify".');
    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        const result = await core.call('audit.verify', {});
        const { io } = context;
        if (values.json) io.stdout(JSON.stringify(result, null, 2));
        else if (result.ok) io.stdout(`Audit trail intact: ${result.entries} entries, chain verified.`);
        else {
          io.stdout(
            `AUDIT TRAIL TAMPERED WITH (${result.problems.length} problems in ${result.entries} entries):`,
          );
          for (const p of result.problems)
            io.stdout(`  ${p.seq === null ? 'end of trail' : `entry ${p.seq}`}: ${p.problem}`);
        }
        return result.ok ? 0 : 1;
      },
      { mustExist: true },
    );
  },
};
