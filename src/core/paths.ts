import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'MSC Desk';

/**
 * Where the office data lives when no `--data DIR` or `MSC_DESK_DATA` is given: the same
 * folder Electron uses as userData, so the desktop app, the web host and the CLI share it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.MSC_DESK_DATA) return path.resolve(env.MSC_DESK_DATA);
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}
