import { parseArgs } from 'node:util';
import { formatPin } from '../../core';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, withCore, type Command } from '../command';

export const enrollCommand: Command = {
  name: 'enroll',
  calls: ['sync.enroll'],
  summary: "Enrol this data folder's PC with the sync server, using a one-time code",
  usage: 'URL CODE [--pin SHA256] [--name NAME] [--data DIR]',
  help: [
    'URL         the sync server, e.g. https://sync.example.org (http:// only for 127.0.0.1)',
    'CODE        the one-time code the administrator made ("server enroll-code OFFICE_ID")',
    '--pin SHA256 the fingerprint of the server certificate the administrator gave with the code; without',
    '            it the certificate the server shows now is trusted from now on (and printed to compare)',
    '--name NAME how the server lists this PC (default: the computer name)',
    "--data DIR  the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { ...commonOptions, name: { type: 'string' }, pin: { type: 'string' } },
      }),
    );
    const [serverUrl, code, ...extra] = positionals;
    if (!serverUrl || !code || extra.length > 0)
      throw new UsageError('Give the server address and the enrolment code.');
    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        const enrolled = await core.call('sync.enroll', {
          serverUrl,
          code,
          deviceName: values.name,
          ...(values.pin ? { certificatePin: values.pin } : {}),
        });
        context.io.stdout(
          `Enrolled in office "${enrolled.officeName}" (${enrolled.officeId}) as device ${enrolled.deviceId}.`,
        );
        if (enrolled.certificatePin)
          context.io.stdout(
            `This PC trusts only the server certificate with SHA-256 ${formatPin(enrolled.certificatePin)}` +
              (values.pin ? '.' : '; compare it with the one the administrator gave you.'),
          );
        return 0;
      },
      { mustExist: false },
    );
  },
};
