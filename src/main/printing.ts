/**
 * Printing a PDF from the desktop app. Since Electron 41 a PDF renders in an out-of-process frame,
 * and printing one from the page (`iframe.contentWindow.print()` on a blob: URL) has a history of
 * blank or silently dropped prints; a hidden window with `webContents.print()` meets the same
 * viewer. So the PDF goes to a file and to the operating system's own print path, which prints
 * PDF files as such: CUPS `lp` to the default printer on Linux, the PDF handler's Print verb on
 * Windows. When that is not there (no default printer, no handler with a Print verb) the file
 * opens in the system's PDF viewer, whose print dialog chooses the printer. The web host keeps the
 * browser's own path (the renderer decides). No Electron import: main passes shell.openPath.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../shared/errors';

export interface PrintResult {
  /** `printer`: sent to a printer by the OS; `viewer`: opened in the system's PDF viewer to print. */
  how: 'printer' | 'viewer';
  printer: string | null;
  file: string;
}

export interface PrintDeps {
  platform: NodeJS.Platform;
  /** Runs a program; resolves to its exit code and output (never rejects). */
  run?: (command: string, args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
  /** `shell.openPath`: resolves to an error text, '' when the file opened. */
  openPath: (file: string) => Promise<string>;
  /** Where the PDFs to print are written (default: the temp folder's `msc-desk-print`). */
  folder?: string;
  log?: (line: string) => void;
  now?: () => number;
}

/** Print files older than this are removed at the next print (the spooler has long read them). */
const KEEP_MS = 24 * 60 * 60 * 1000;

const runProgram: NonNullable<PrintDeps['run']> = (command, args) =>
  new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: error.message }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });

/** A name every file system takes, ending in .pdf. */
function safeName(fileName: string): string {
  const base = fileName
    .replace(/\.pdf$/i, '')
    .normalize('NFKD')
    .replace(/[đĐ]/g, 'dj')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+/, '');
  return `${base.slice(0, 80) || 'document'}.pdf`;
}

function removeOld(folder: string, now: number): void {
  for (const entry of readdirSync(folder)) {
    const dir = path.join(folder, entry);
    try {
      if (now - statSync(dir).mtimeMs > KEEP_MS) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Still printing elsewhere, or gone already.
    }
  }
}

/** The default CUPS destination, from `lpstat -d` ("system default destination: NAME"). */
async function defaultPrinter(run: NonNullable<PrintDeps['run']>): Promise<string | null> {
  const result = await run('lpstat', ['-d']);
  const match = /default destination:\s*(\S+)/i.exec(result.stdout);
  return result.code === 0 && match ? match[1]! : null;
}

export async function printPdf(deps: PrintDeps, pdf: Buffer, fileName: string): Promise<PrintResult> {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new AppError('VALIDATION', 'That is not a PDF file.');
  const run = deps.run ?? runProgram;
  const log = deps.log ?? (() => {});
  const folder = deps.folder ?? path.join(os.tmpdir(), 'msc-desk-print');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  removeOld(folder, deps.now?.() ?? Date.now());
  // A folder per print: the same name twice never overwrites a file the spooler still reads.
  const dir = path.join(folder, randomBytes(8).toString('hex'));
  mkdirSync(dir, { mode: 0o700 });
  const file = path.join(dir, safeName(fileName));
  writeFileSync(file, pdf, { mode: 0o600 });

  if (deps.platform === 'linux') {
    const printer = await defaultPrinter(run);
    if (printer) {
      const sent = await run('lp', ['-d', printer, '--', file]);
      if (sent.code === 0) return { how: 'printer', printer, file };
      log(`[print] lp -d ${printer} failed (${sent.code}): ${sent.stderr.trim()}`);
    } else log('[print] no default printer (lpstat -d); opening the PDF viewer');
  } else if (deps.platform === 'win32') {
    // The PDF handler's Print verb (Edge, Acrobat Reader …) prints to the default printer.
    const literal = file.replace(/'/g, "''");
    const sent = await run('powershell.exe', [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      `Start-Process -FilePath '${literal}' -Verb Print`,
    ]);
    if (sent.code === 0) return { how: 'printer', printer: null, file };
    log(`[print] the Print verb failed (${sent.code}): ${sent.stderr.trim()}; opening the PDF viewer`);
  }

  const problem = await deps.openPath(file);
  if (problem)
    throw new AppError(
      'INTERNAL',
      `The PDF could not be printed or opened (${problem}). It was saved as ${file}; open it from there.`,
    );
  return { how: 'viewer', printer: null, file };
}
