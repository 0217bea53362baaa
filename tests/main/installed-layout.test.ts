import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixtures';
import { PROJECT_ROOT } from './packaging';

/**
 * The built core and CLI as an installed app holds them: the build (scripts/build-cli.ts, as
 * `npm run build` makes out/cli) copied to a folder of its own with node_modules beside it (as in
 * app.asar), the app's resources somewhere else (as `<resources>/desk-resources`), the data
 * folder elsewhere again, and commands started from an unrelated working folder. Plain Node runs
 * it — no tsx, no source tree above it — and every kind of PDF is read back.
 */
let root: string;
let appOut: string;
let resourcesDir: string;
let dataDir: string;
let cwd: string;
let pdfDir: string;
let keyDir: string;

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: root, MSC_DESK_KEY_DIR: keyDir, ...extra };
}

function runNode(args: string[], extra: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: env(extra) });
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** The fonts a PDF embeds, without the subset prefix (`BZZZZZ+DejaVuSans` → `DejaVuSans`). */
function pdfFonts(file: string): string[] {
  const table = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2);
  return [...new Set(table.flatMap((line) => line.split(/\s+/)[0]?.replace(/^[A-Z]{6}\+/, '') || []))].sort();
}

beforeAll(() => {
  root = tempDir();
  appOut = path.join(root, 'install', 'app', 'out');
  resourcesDir = path.join(root, 'install', 'resources', 'desk-resources');
  dataDir = path.join(root, 'AppData', 'MSC Desk');
  cwd = path.join(root, 'somewhere', 'else');
  pdfDir = path.join(root, 'pdfs');
  keyDir = path.join(root, 'keys');
  for (const dir of [resourcesDir, dataDir, cwd, pdfDir]) fs.mkdirSync(dir, { recursive: true });
  const build = spawnSync(
    process.execPath,
    [
      path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(PROJECT_ROOT, 'scripts', 'build-cli.ts'),
      '--outDir',
      path.join(appOut, 'cli'),
      '--entry',
      `pdf-probe=${path.join(PROJECT_ROOT, 'tests', 'main', 'built-core-probe.ts')}`,
    ],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`the CLI build failed:\n${build.stdout}\n${build.stderr}`);
  // electron-builder puts the production node_modules beside out/ inside app.asar.
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'install', 'app', 'node_modules'));
  for (const part of ['packets', 'fonts', 'partners'])
    fs.cpSync(path.join(PROJECT_ROOT, 'resources', part), path.join(resourcesDir, part), { recursive: true });
}, 120_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('the built core in an installed layout', () => {
  let clientId: string;

  it('renders every kind of PDF with the fonts from MSC_DESK_RESOURCES', () => {
    const run = runNode([path.join(appOut, 'cli', 'pdf-probe.js'), dataDir, pdfDir], {
      MSC_DESK_RESOURCES: resourcesDir,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    clientId = (JSON.parse(run.stdout) as { clientId: string }).clientId;
    const expected: Record<string, string> = {
      'referral-slip': 'Broj uputa',
      'consent-form': 'SAGLASNOST ZA OBRADU PODATAKA O LIČNOSTI',
      report: 'Izveštaj o radu',
      'privacy-export': 'Podaci koje Centar čuva o osobi',
      packet: 'PAKET DOKUMENATA',
    };
    for (const [kind, words] of Object.entries(expected)) {
      const file = path.join(pdfDir, `${kind}.pdf`);
      expect(pdfText(file), kind).toContain(words);
      // The shipped DejaVu Sans and nothing else: no system font stood in.
      expect(pdfFonts(file), kind).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
    }
    // Serbian Latin and Cyrillic both came out as text (the font has both).
    expect(pdfText(path.join(pdfDir, 'consent-form.pdf'))).toContain('Љубица Đorđević');
  });

  it('fails with a clear message, not another font, when the resources cannot be found', () => {
    // Started from the source tree, whose resources/ the old lookup took from the working folder.
    const run = spawnSync(process.execPath, [path.join(appOut, 'cli', 'pdf-probe.js'), dataDir, pdfDir], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: env(),
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("The app's resources folder (packet templates, fonts) was not found");
    expect(run.stderr).toContain('MSC_DESK_RESOURCES');

    const broken = path.join(root, 'broken-resources');
    fs.cpSync(resourcesDir, broken, { recursive: true });
    fs.rmSync(path.join(broken, 'fonts', 'DejaVuSans-Bold.ttf'));
    const report = runNode(
      [
        path.join(appOut, 'cli', 'index.js'),
        'report',
        '--from',
        '2025-01-01',
        '--to',
        '2025-12-31',
        '--format',
        'pdf',
        '--out',
        'r.pdf',
        '--data',
        dataDir,
      ],
      { MSC_DESK_RESOURCES: broken },
    );
    expect(report.status).toBe(2);
    expect(report.stderr).toContain(`fonts/DejaVuSans-Bold.ttf is missing from ${broken}`);
    expect(fs.existsSync(path.join(cwd, 'r.pdf'))).toBe(false);
  });

  it('runs the CLI with plain Node: report --format pdf and packet write the same PDFs as the app', () => {
    expect(clientId).toBeDefined();
    const cli = path.join(appOut, 'cli', 'index.js');
    const withResources = { MSC_DESK_RESOURCES: resourcesDir };
    const report = runNode(
      [
        cli,
        'report',
        '--from',
        '2020-01-01',
        '--to',
        '2030-12-31',
        '--format',
        'pdf',
        '--out',
        'report.pdf',
        '--data',
        dataDir,
      ],
      withResources,
    );
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    expect(report.stdout).toContain(path.join(cwd, 'report.pdf'));
    const text = pdfText(path.join(cwd, 'report.pdf'));
    expect(text).toContain('Izveštaj o radu');
    expect(text).toContain('Period: 01.01.2020. – 31.12.2030.');
    expect(pdfFonts(path.join(cwd, 'report.pdf'))).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);

    const packet = runNode(
      [cli, 'packet', clientId, 'id-card', '--allow-blank', '--out', 'packet.pdf', '--data', dataDir],
      withResources,
    );
    // (stderr may carry the preflight's warnings about blank fields, as `--allow-blank` asks.)
    expect(packet.status, packet.stderr).toBe(0);
    expect(pdfText(path.join(cwd, 'packet.pdf'))).toContain('PAKET DOKUMENATA');

    const check = runNode([cli, 'check', '--data', dataDir], withResources);
    expect(check.status).toBe(0);
  });
});
