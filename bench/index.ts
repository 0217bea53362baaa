/**
 * `npm run bench [-- NAME …]`: runs the bench modules (all, or those named) and prints ONE JSON
 * object on stdout — the machine, then each module's figures beside their targets with `pass` —
 * while progress goes to stderr. Speed targets live here, not in timed tests (DESIGN.md §6).
 *
 * To add a module: write `bench/NAME.ts` exporting a `BenchModule` (see measure.ts) and add it
 * to `modules` below.
 */
import os from 'node:os';
import { caseworkBench } from './casework';
import { clientsBench } from './clients';
import { importXlsxBench } from './import-xlsx';
import { documentsBench } from './documents';
import { fleetBench } from './fleet';
import { linksBench } from './links';
import { allPass, type BenchModule } from './measure';
import { packetsBench } from './packets';
import { serverProcessesBench } from './server-processes';
import { syncBench } from './sync';
import { updatesBench } from './updates';

const modules: BenchModule[] = [
  clientsBench,
  importXlsxBench,
  packetsBench,
  caseworkBench,
  syncBench,
  updatesBench,
  linksBench,
  fleetBench,
  serverProcessesBench,
  documentsBench,
];

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
  };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !modules.some((m) => m.name === name));
  if (unknown.length > 0) {
    process.stderr.write(
      `No bench module named ${unknown.join(', ')}; there are: ${modules.map((m) => m.name).join(', ')}\n`,
    );
    process.exitCode = 1;
    return;
  }
  const result: Record<string, unknown> = { machine: machine() };
  for (const module of modules.filter((m) => wanted.length === 0 || wanted.includes(m.name))) {
    const started = performance.now();
    process.stderr.write(`[bench] ${module.name}…\n`);
    result[module.name] = await module.run((line) =>
      process.stderr.write(`[bench] ${module.name}: ${line}\n`),
    );
    process.stderr.write(
      `[bench] ${module.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
  result.pass = allPass(result);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
