import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { printPdf, type PrintDeps } from '../../src/main/printing';
import type { Envelope } from '../../src/shared/contract';
import { ipcRenderer, resetStandIn, standIn } from './electron-stand-in';
import { tempDir } from './fixtures';
import { startApp, type Started } from './harness';

vi.mock('electron', () => import('./electron-stand-in'));

const PDF = Buffer.from('%PDF-1.7\n% a packet\n%%EOF\n');

/** A stand-in for the programs printing runs: answers by program name, records each call. */
type Answers = Record<string, { code: number; stdout?: string; stderr?: string }>;

function programs(answers: Answers) {
  const calls: string[][] = [];
  const run: NonNullable<PrintDeps['run']> = (command, args) => {
    calls.push([command, ...args]);
    const answer = answers[command] ?? { code: -1, stderr: `${command}: not found` };
    return Promise.resolve({ stdout: '', stderr: '', ...answer });
  };
  return { calls, run };
}

function deps(platform: NodeJS.Platform, run: PrintDeps['run'], opened: string[] = []): PrintDeps {
  return {
    platform,
    run,
    folder: tempDir(),
    openPath: (file) => {
      opened.push(file);
      return Promise.resolve('');
    },
  };
}

describe('printing a PDF through the operating system', () => {
  it('sends it to the default CUPS printer on Linux, as a PDF file', async () => {
    const { calls, run } = programs({
      lpstat: { code: 0, stdout: 'system default destination: Kyocera_M2040\n' },
      lp: { code: 0 },
    });
    const result = await printPdf(deps('linux', run), PDF, 'paket-id-card-đorđević.pdf');
    expect(result).toMatchObject({ how: 'printer', printer: 'Kyocera_M2040' });
    expect(calls).toEqual([
      ['lpstat', '-d'],
      ['lp', '-d', 'Kyocera_M2040', '--', result.file],
    ]);
    expect(path.basename(result.file)).toBe('paket-id-card-djordjevic.pdf');
    expect(fs.readFileSync(result.file)).toEqual(PDF);
    if (process.platform !== 'win32') expect(fs.statSync(result.file).mode & 0o077).toBe(0);
  });

  it('opens the system viewer when there is no default printer or lp fails', async () => {
    const cases: Answers[] = [
      { lpstat: { code: 1, stderr: 'lpstat: No destinations added.' } },
      {
        lpstat: { code: 0, stdout: 'system default destination: P1' },
        lp: { code: 1, stderr: 'lp: Error - printer P1 is disabled' },
      },
    ];
    for (const answers of cases) {
      const opened: string[] = [];
      const result = await printPdf(deps('linux', programs(answers).run, opened), PDF, 'slip.pdf');
      expect(result).toMatchObject({ how: 'viewer', printer: null });
      expect(opened).toEqual([result.file]);
    }
  });

  it("uses the PDF handler's Print verb on Windows, and the viewer when there is none", async () => {
    const printed = programs({ 'powershell.exe': { code: 0 } });
    const ok = await printPdf(deps('win32', printed.run), PDF, "O'Brien.pdf");
    expect(ok.how).toBe('printer');
    expect(printed.calls[0]?.slice(0, 3)).toEqual(['powershell.exe', '-NoProfile', '-NonInteractive']);
    expect(printed.calls[0]?.at(-1)).toBe(
      `Start-Process -FilePath '${ok.file.replace(/'/g, "''")}' -Verb Print`,
    );
    const opened: string[] = [];
    const none = await printPdf(
      deps(
        'win32',
        programs({ 'powershell.exe': { code: 1, stderr: 'No application is associated' } }).run,
        opened,
      ),
      PDF,
      'r.pdf',
    );
    expect(none.how).toBe('viewer');
    expect(opened).toHaveLength(1);
  });

  it('refuses what is not a PDF, and says where the file is when even the viewer fails', async () => {
    await expect(
      printPdf(deps('linux', programs({}).run), Buffer.from('<html>'), 'x.pdf'),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const failing: PrintDeps = {
      ...deps('darwin', programs({}).run),
      openPath: () => Promise.resolve('No application'),
    };
    await expect(printPdf(failing, PDF, 'x.pdf')).rejects.toThrow(
      /could not be printed or opened \(No application\)\. It was saved as .*x\.pdf/,
    );
  });

  it('removes print files older than a day', async () => {
    const folder = tempDir();
    const old = path.join(folder, 'old');
    fs.mkdirSync(old);
    fs.writeFileSync(path.join(old, 'a.pdf'), PDF);
    const day = 24 * 60 * 60 * 1000;
    await printPdf(
      { ...deps('darwin', programs({}).run), folder, now: () => Date.now() + 2 * day },
      PDF,
      'b.pdf',
    );
    expect(fs.existsSync(old)).toBe(false);
  });
});

describe('the print request from the window', () => {
  let started: Started | undefined;
  beforeEach(() => resetStandIn());
  afterEach(async () => {
    await started?.desktop.relay.stop();
    started = undefined;
  });

  it('prints (here: opens the viewer, with no printer set up) and refuses bad input without writing', async () => {
    started = await startApp();
    const ask = (request: unknown) => ipcRenderer.invoke('desk:request', request) as Promise<Envelope>;
    const answer = await ask({
      action: 'print.pdf',
      pdfBase64: PDF.toString('base64'),
      fileName: 'paket.pdf',
    });
    expect(answer).toMatchObject({ ok: true, value: { how: expect.stringMatching(/^(printer|viewer)$/) } });
    const { file, how } = (answer as { ok: true; value: { file: string; how: string } }).value;
    if (how === 'viewer') expect(standIn.openedFolders).toEqual([file]);
    expect(
      await ask({
        action: 'print.pdf',
        pdfBase64: Buffer.from('not a pdf').toString('base64'),
        fileName: 'x.pdf',
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await ask({ action: 'print.pdf', fileName: 'x.pdf' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });
});
