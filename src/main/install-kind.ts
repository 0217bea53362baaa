/**
 * How this copy was installed decides whether an update can install itself. A per-user install
 * (the default: %LOCALAPPDATA%\Programs\MSC Desk on Windows, the AppImage on Linux) updates without
 * any prompt. A per-machine install (under Program Files, chosen in the installer by "anyone who
 * uses this computer") needs a UAC prompt for every update, and the .deb runs `pkexec dpkg -i`:
 * desk staff cannot approve either, so such copies are updated by IT (README, "Updates").
 */
import path from 'node:path';

export type AdminInstall = 'per-machine' | 'deb';

export function installNeedingAdmin(options: {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  execPath: string;
  env: NodeJS.ProcessEnv;
}): AdminInstall | null {
  if (!options.isPackaged) return null;
  if (options.platform === 'linux') return options.env.APPIMAGE ? null : 'deb';
  if (options.platform === 'win32') {
    const exe = path.win32.resolve(options.execPath).toLowerCase();
    const machineFolders = [
      options.env.ProgramFiles,
      options.env.ProgramW6432,
      options.env['ProgramFiles(x86)'],
    ]
      .filter((folder): folder is string => Boolean(folder))
      .map((folder) => path.win32.resolve(folder).toLowerCase() + '\\');
    return machineFolders.some((folder) => exe.startsWith(folder)) ? 'per-machine' : null;
  }
  return null;
}
