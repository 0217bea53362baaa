import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cliArguments, cliProgramName, runDesktopCli } from '../../src/main/cli-mode';
import { resetStandIn, safeStorage, standIn } from './electron-stand-in';
import { tempDir } from './fixtures';
import { runRealCore, startApp } from './harness';
import { buildCliInto, PROJECT_ROOT } from './packaging';

vi.mock('electron', () => import('./electron-stand-in'));

/**
 * `msc-desk --cli COMMAND …` as the installed app runs it: the built out/cli (what `npm run build`
 * makes) beside out/main, node_modules beside out/ (as in app.asar), the resources beside the
 * archive, and the data folder the desktop app made, whose key is sealed for this account.
 */
let install: string;
let mainDir: string;
let resourcesPath: string;

beforeAll(() => {
  install = tempDir();
  mainDir = path.join(install, 'app', 'out', 'main');
  fs.mkdirSync(mainDir, { recursive: true });
  buildCliInto(path.join(install, 'app', 'out', 'cli'));
  // As electron-builder.yml leaves it out of the asar.
  const chunks = path.join(install, 'app', 'out', 'cli', 'chunks');
  for (const name of fs.readdirSync(chunks))
    if (name.startsWith('server-')) fs.rmSync(path.join(chunks, name));
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(install, 'app', 'node_modules'));
  resourcesPath = path.join(install, 'resources');
  for (const part of ['packets', 'fonts', 'partners'])
    fs.cpSync(path.join(PROJECT_ROOT, 'resources', part), path.join(resourcesPath, 'desk-resources', part), {
      recursive: true,
    });
}, 120_000);
afterAll(() => {
  if (install) fs.rmSync(install, { recursive: true, force: true });
});

const savedEnv = { ...process.env };
beforeEach(() => resetStandIn());
afterEach(() => {
  // runDesktopCli sets the key and resources in this process's environment, as the app's one-command process.
  for (const name of ['MSC_DESK_KEY', 'MSC_DESK_RESOURCES']) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

async function cli(args: string[], options: { cwd?: string; isPackaged?: boolean; main?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDesktopCli({
    mainDir: options.main ?? mainDir,
    args,
    env: { PATH: process.env.PATH, HOME: install, MSC_DESK_KEY_DIR: path.join(install, 'no-key-files') },
    isPackaged: options.isPackaged ?? true,
    resourcesPath,
    sealer: () => Promise.resolve(safeStorage),
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    cwd: options.cwd ?? tempDir(),
    platform: 'linux',
  });
  return { code, out: out.join(''), err: err.join('') };
}

/** A data folder the desktop app started on: encrypted, its key sealed for this account only. */
async function desktopDataFolder(): Promise<string> {
  standIn.onFork = runRealCore;
  const started = await startApp();
  await started.desktop.relay.call('system.about', {});
  await started.desktop.relay.stop();
  expect(fs.existsSync(path.join(started.dataDir, 'database-key.sealed'))).toBe(true);
  return started.dataDir;
}

describe('the installed app’s --cli', () => {
  it('takes what follows --cli as the command line, and names itself as IT types it', async () => {
    expect(cliArguments(['/opt/MSC Desk/msc-desk', '--cli', 'check', '--data', 'x'])).toEqual([
      'check',
      '--data',
      'x',
    ]);
    expect(cliArguments(['/opt/MSC Desk/msc-desk', '--data', 'x'])).toBeUndefined();
    expect(cliProgramName('win32')).toBe('"MSC Desk.exe" --cli');
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: msc-desk --cli COMMAND [ARGUMENTS]');
    expect(help.out).toContain('report ');
  });

  it('runs check and report --format pdf on the desktop app’s folder with its sealed key and shipped fonts', async () => {
    const dataDir = await desktopDataFolder();
    const check = await cli(['check', '--data', dataDir]);
    expect(check.err).toBe('');
    expect(check.code).toBe(0);

    const cwd = tempDir();
    const report = await cli(
      [
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
      { cwd },
    );
    expect(report.err).toBe('');
    expect(report.code).toBe(0);
    expect(process.env.MSC_DESK_RESOURCES).toBe(path.join(resourcesPath, 'desk-resources'));
    const text = execFileSync('pdftotext', [path.join(cwd, 'r.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Izveštaj o radu');
  });

  it('says what is missing when the key is sealed for another account, and changes nothing', async () => {
    const dataDir = await desktopDataFolder();
    const before = fs.readFileSync(path.join(dataDir, 'database-key.sealed'));
    standIn.safeStorage.account = 'desk-pc\\someone-else';
    const check = await cli(['check', '--data', dataDir]);
    expect(check.code).toBe(1);
    expect(check.err).toMatch(/key file was not found/);
    expect(fs.readFileSync(path.join(dataDir, 'database-key.sealed'))).toEqual(before);
  });

  it('tells office IT where the sync server’s commands run instead of failing to load', async () => {
    const server = await cli(['server', 'devices']);
    expect(server.code).toBe(1);
    expect(server.err).toContain('The sync server is not part of the desktop app');
  });

  it('says how to get the CLI when it was not built', async () => {
    const bare = path.join(tempDir(), 'out', 'main');
    fs.mkdirSync(bare, { recursive: true });
    const fromCheckout = await cli(['check'], { main: bare, isPackaged: false });
    expect(fromCheckout.code).toBe(2);
    expect(fromCheckout.err).toContain('Run "npm run build"');
    const installed = await cli(['check'], { main: bare });
    expect(installed.err).toContain('Reinstall MSC Desk');
  });
});
