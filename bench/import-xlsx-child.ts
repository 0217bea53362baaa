// One 100,000-row XLSX import in a process of its own, so its peak RSS is the import's alone.
// Usage: import-xlsx-child FILE DATA_DIR → one JSON line on stdout.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createCore } from '../src/core';

const [file, dataDir] = process.argv.slice(2);
if (!file || !dataDir) throw new Error('usage: import-xlsx-child FILE DATA_DIR');
const core = createCore({ dataDir, log: () => {}, automaticBackups: false });
const contentBase64 = readFileSync(file).toString('base64');
const started = performance.now();
const cpu = process.cpuUsage();
const report = await core.call('clients.import', {
  fileName: path.basename(file),
  contentBase64,
  dryRun: false,
});
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
core.close();
process.stdout.write(
  `${JSON.stringify({ seconds, cpuSeconds: (used.user + used.system) / 1e6, created: report.createdCount, rejected: report.rejected.length, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
