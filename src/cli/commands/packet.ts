import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  HealthBasis,
  PacketProcedure,
  type PacketOptionsInput,
  type PreflightProblem,
} from '../../shared/packets';
import {
  commonOptions,
  dataDirOf,
  parsedOrUsageError,
  UsageError,
  withCore,
  type Command,
  type CommandContext,
} from '../command';

/**
 * `packet CLIENT_ID residence|id-card|health …`: makes one client's packet, as "Print packet" does
 * in the app. When preflight finds blocking problems it prints them and exits 1 (unless
 * --allow-blank turns missing values into blanks to fill by hand); warnings go to stderr and do
 * not stop it.
 */

export interface PacketArgs {
  clientId: string;
  options: PacketOptionsInput;
  out: string;
  dataDir: string;
}

const choice = <T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T | undefined => {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} is one of ${allowed.join(', ')}, not "${value}".`);
  return value as T;
};

export function parsePacketArgs(argv: string[], context: CommandContext): PacketArgs {
  const { values, positionals } = parsedOrUsageError(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...commonOptions,
        basis: { type: 'string' },
        script: { type: 'string' },
        'allow-blank': { type: 'boolean', default: false },
        variant: { type: 'string' },
        police: { type: 'string' },
        registry: { type: 'string' },
        rfzo: { type: 'string' },
        csr: { type: 'string' },
        desk: { type: 'string' },
        settled: { type: 'string' },
        'registry-requests': { type: 'boolean', default: false },
        purpose: { type: 'string' },
        newborn: { type: 'boolean', default: false },
        language: { type: 'string' },
        'names-confirmed': { type: 'boolean', default: false },
        out: { type: 'string' },
      },
    }),
  );
  const [clientId, procedureName, ...extra] = positionals;
  if (!clientId || !procedureName)
    throw new UsageError('Give the client id and the procedure (residence, id-card or health).');
  if (extra.length > 0) throw new UsageError(`Unexpected "${extra.join(' ')}".`);
  const procedure = choice(procedureName, PacketProcedure.options, 'The procedure')!;
  const basis = choice(values.basis, HealthBasis.options, '--basis');
  if (basis && procedure !== 'health') throw new UsageError('--basis is for the health packet only.');
  if (!basis && procedure === 'health')
    throw new UsageError('The health packet needs --basis unemployed|roma-no-residence|vulnerable.');
  if (!values.out) throw new UsageError('--out FILE.pdf is required.');
  const purpose = choice(values.purpose, ['health-protection', 'social-protection'] as const, '--purpose');
  if (purpose && procedure !== 'health') throw new UsageError('--purpose is for the health packet only.');
  if (values.newborn && procedure !== 'residence')
    throw new UsageError('--newborn is for the residence packet only.');
  return {
    clientId,
    out: path.resolve(context.cwd, values.out),
    dataDir: dataDirOf(values.data, context),
    options: {
      procedure,
      basis,
      script: choice(values.script, ['cyrl', 'latn'] as const, '--script'),
      residenceVariant: choice(values.variant, ['dwelling', 'csr'] as const, '--variant'),
      allowBlank: values['allow-blank'],
      policeStation: values.police,
      registryOffice: values.registry,
      rfzoBranch: values.rfzo,
      csrName: values.csr,
      desk: values.desk,
      settledOn: values.settled,
      registryRequests: values['registry-requests'],
      registryPurpose: purpose,
      newborn: values.newborn,
      language: choice(values.language, ['sr', 'de', 'en'] as const, '--language'),
      namesConfirmed: values['names-confirmed'],
    },
  };
}

function problemLine(problem: PreflightProblem): string {
  const where = problem.document ? ` (${problem.document})` : '';
  const blank = problem.blank ? ' — printed blank' : '';
  return `  ${problem.severity === 'error' ? 'ERROR' : 'warning'} ${problem.field}${where}: ${problem.message}${blank}`;
}

export const packetCommand: Command = {
  name: 'packet',
  calls: ['packets.recordOutput', 'packets.render'],
  summary: "Print a client's document packet (residence, ID card, health insurance) to a PDF",
  usage:
    'CLIENT_ID residence|id-card|health [--basis unemployed|roma-no-residence|vulnerable] [--script cyrl|latn] ' +
    '[--allow-blank] --out FILE.pdf [--data DIR]',
  help: [
    'CLIENT_ID        the client (its id, as the app and `search --json` show it)',
    'residence|id-card|health   the procedure',
    '--basis B        health only: unemployed, roma-no-residence or vulnerable',
    "--script S       cyrl or latn for the client's pages (cover, instructions); default: the record's",
    '--allow-blank    print missing values as blank lines to fill by hand instead of stopping',
    "--variant V      residence only: dwelling (with the owner's consent) or csr (at the Centre for Social Work)",
    '--police TEXT    the police station; --registry TEXT the registry office; --rfzo TEXT the RFZO branch;',
    '--csr TEXT       the Centre for Social Work; --desk TEXT this desk; --settled DATE the day the client moved in',
    '--registry-requests  print the requests to the registry office (ID card: off, the police obtain them)',
    '--purpose P      health only: why the extract is asked, health-protection (default) or social-protection (both free)',
    "--newborn        residence only: a newborn's registration, exempt from the fee",
    "--language L     the instruction sheet's language: sr, de or en (default: the client's)",
    '--names-confirmed  the Cyrillic spelling of a name typed without diacritics was checked',
    '--out FILE.pdf   where to write the packet',
    "--data DIR       the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
    '',
    'Exit 1 with the list of problems when data is missing or wrong; nothing is written then.',
  ].join('\n'),

  async run(argv, context) {
    const args = parsePacketArgs(argv, context);
    const { io } = context;
    return withCore(
      args.dataDir,
      context,
      async (core) => {
        const result = await core.call('packets.render', { clientId: args.clientId, options: args.options });
        const problems = result.preflight.problems;
        if (result.status === 'blocked') {
          io.stderr(
            `The packet was not made: ${result.preflight.blocking} problem(s) to fix first (or --allow-blank for missing values):`,
          );
          for (const problem of problems) io.stderr(problemLine(problem));
          return 1;
        }
        for (const problem of problems) io.stderr(problemLine(problem));
        const pdf = Buffer.from(result.pdfBase64, 'base64');
        writeFileSync(args.out, pdf);
        await core.call('packets.recordOutput', { packetId: result.packet.id, kind: 'saved' });
        io.stdout(
          `${args.out}: ${result.packet.pageCount} pages, ${Math.round(pdf.length / 1024)} KB, packet ${result.packet.id}`,
        );
        return 0;
      },
      { mustExist: true },
    );
  },
};
