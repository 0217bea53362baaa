import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../../core';
import { defaultDataDir } from '../../core/paths';
import { HealthBasis, PacketProcedure, type PacketOptionsInput, type PreflightProblem } from '../../shared/packets';

/**
 * `packet CLIENT_ID residence|id-card|health [--basis …] [--script cyrl|latn] [--allow-blank]
 * --out FILE.pdf [--data DIR]`: makes one client's packet, as "Print packet" does in the app.
 * When preflight finds blocking problems it prints them and exits 1 (unless --allow-blank turns
 * missing values into blanks to fill by hand); warnings go to stderr and do not stop it.
 */

export const packetUsage =
  'packet CLIENT_ID residence|id-card|health [--basis unemployed|roma-no-residence|vulnerable] ' +
  '[--script cyrl|latn] [--allow-blank] [--variant dwelling|csr] [--police TEXT] [--registry TEXT] ' +
  '[--rfzo TEXT] [--csr TEXT] [--desk TEXT] [--settled YYYY-MM-DD] --out FILE.pdf [--data DIR]';

export interface CommandIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export type ParsedPacketArgs =
  | { ok: true; clientId: string; options: PacketOptionsInput; out: string; dataDir: string }
  | { ok: false; message: string };

export function parsePacketArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedPacketArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
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
        out: { type: 'string' },
        data: { type: 'string' },
      },
    });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  const [clientId, procedure, ...extra] = positionals;
  if (!clientId || !procedure || extra.length > 0) return { ok: false, message: `Usage: ${packetUsage}` };
  const procedureCheck = PacketProcedure.safeParse(procedure);
  if (!procedureCheck.success) return { ok: false, message: `The procedure is one of ${PacketProcedure.options.join(', ')}, not "${procedure}".` };
  if (values.basis !== undefined && !HealthBasis.safeParse(values.basis).success)
    return { ok: false, message: `--basis is one of ${HealthBasis.options.join(', ')}.` };
  if (values.basis !== undefined && procedure !== 'health') return { ok: false, message: '--basis is for the health packet only.' };
  if (procedure === 'health' && values.basis === undefined) return { ok: false, message: 'The health packet needs --basis unemployed|roma-no-residence|vulnerable.' };
  if (values.script !== undefined && values.script !== 'cyrl' && values.script !== 'latn') return { ok: false, message: '--script is cyrl or latn.' };
  if (values.variant !== undefined && values.variant !== 'dwelling' && values.variant !== 'csr') return { ok: false, message: '--variant is dwelling or csr.' };
  if (!values.out) return { ok: false, message: '--out FILE.pdf is required.' };
  return {
    ok: true,
    clientId,
    out: path.resolve(values.out),
    dataDir: values.data ? path.resolve(values.data) : defaultDataDir(env),
    options: {
      procedure: procedureCheck.data,
      basis: values.basis as PacketOptionsInput['basis'],
      script: values.script as PacketOptionsInput['script'],
      residenceVariant: values.variant as PacketOptionsInput['residenceVariant'],
      allowBlank: values['allow-blank'],
      policeStation: values.police,
      registryOffice: values.registry,
      rfzoBranch: values.rfzo,
      csrName: values.csr,
      desk: values.desk,
      settledOn: values.settled,
    },
  };
}

function problemLine(problem: PreflightProblem): string {
  const where = problem.document ? ` (${problem.document})` : '';
  const blank = problem.blank ? ' — printed blank' : '';
  return `  ${problem.severity === 'error' ? 'ERROR' : 'warning'} ${problem.field}${where}: ${problem.message}${blank}`;
}

/** Runs the command; the exit code is 0 when the PDF was written, 1 when it was not. */
export async function runPacketCommand(argv: string[], io: CommandIo): Promise<number> {
  const args = parsePacketArgs(argv);
  if (!args.ok) {
    io.stderr(args.message);
    return 1;
  }
  const core = createCore({ dataDir: args.dataDir, log: () => {} });
  try {
    const result = await core.call('packets.render', { clientId: args.clientId, options: args.options });
    const problems = result.preflight.problems;
    if (result.status === 'blocked') {
      io.stderr(`The packet was not made: ${result.preflight.blocking} problem(s) to fix first (or use --allow-blank for missing values):`);
      for (const problem of problems) io.stderr(problemLine(problem));
      return 1;
    }
    for (const problem of problems) io.stderr(problemLine(problem));
    const pdf = Buffer.from(result.pdfBase64, 'base64');
    writeFileSync(args.out, pdf);
    await core.call('packets.recordOutput', { packetId: result.packet.id, kind: 'saved' });
    io.stdout(`${args.out}: ${result.packet.pageCount} pages, ${Math.round(pdf.length / 1024)} KB, packet ${result.packet.id}`);
    return 0;
  } catch (error) {
    const shape = error as { code?: string; message?: string };
    io.stderr(`${shape.code ?? 'ERROR'}: ${shape.message ?? String(error)}`);
    return 1;
  } finally {
    core.close();
  }
}
