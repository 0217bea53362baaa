import { parseArgs } from 'node:util';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, withCore, type Command } from '../command';

export const enrollCommand: Command = {
  name: 'enroll',
  summary: "Enrol this data folder's PC with the sync server, using a one-time code",
  usage: 'URL CODE [--name NAME] [--data DIR]',
  help: [
    'URL         the sync server, e.g. https://sync.example.org',
    'CODE        the one-time code the administrator made ("server enroll-code OFFICE_ID")',
    '--name NAME how the server lists this PC (default: the computer name)',
    "--data DIR  the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { ...commonOptions, name: { type: 'string' } },
      }),
    );
    const [serverUrl, code, ...extra] = positionals;
    if (!serverUrl || !code || extra.length > 0)
      throw new UsageError('Give the server address and the enrolment code.');
    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        const enrolled = await core.call('sync.enroll', { serverUrl, code, deviceName: values.name });
        context.io.stdout(
          `Enrolled in office "${enrolled.officeName}" (${enrolled.officeId}) as device ${enrolled.deviceId}.`,
        );
        return 0;
      },
      { mustExist: false },
    );
  },
};
