/** Files for the main-process tests; no Electron here, so any test may import it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const INDEX_HTML =
  '<!doctype html><title>MSC Desk</title><script type="module" src="/assets/app.js"></script>';
export const APP_JS = 'console.log("the renderer");';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'msc-'));
}

/** A project folder laid out as `electron-vite build` leaves it. */
export function builtProject(): { root: string; mainDir: string; rendererDir: string } {
  const root = tempDir();
  const mainDir = path.join(root, 'out', 'main');
  const rendererDir = path.join(root, 'out', 'renderer');
  fs.mkdirSync(mainDir, { recursive: true });
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), APP_JS);
  return { root, mainDir, rendererDir };
}
