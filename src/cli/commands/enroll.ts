import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../../core';
import { defaultDataDir } from '../../core/paths';

/** `enroll URL CODE [--name NAME] [--data DIR]`: enrols this data folder's PC with the sync server. */

export const enrollUsage = 'enroll URL CODE [--name NAME] [--data DIR]';

interface CommandIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export async function runEnrollCommand(argv: string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { data: { type: 'string' }, name: { type: 'string' } } });
  } catch (error) {
    io.stderr(`${(error as Error).message}\nUsage: ${enrollUsage}`);
    return 1;
  }
  const [serverUrl, code, ...extra] = parsed.positionals;
  if (!serverUrl || !code || extra.length > 0) {
    io.stderr(`Usage: ${enrollUsage}`);
    return 1;
  }
  const dataDir = parsed.values.data ? path.resolve(parsed.values.data) : defaultDataDir(env);
  const core = createCore({ dataDir, log: () => {} });
  try {
    const enrolled = await core.call('sync.enroll', { serverUrl, code, deviceName: parsed.values.name });
    io.stdout(`Enrolled in office "${enrolled.officeName}" (${enrolled.officeId}) as device ${enrolled.deviceId}.`);
    return 0;
  } catch (error) {
    const shape = error as { code?: string; message?: string };
    io.stderr(`${shape.code ?? 'ERROR'}: ${shape.message ?? String(error)}`);
    return 1;
  } finally {
    core.close();
  }
}
