import { describe, expect, it } from 'vitest';
import { installNeedingAdmin } from '../../src/main/install-kind';

const windowsEnv = {
  ProgramFiles: 'C:\\Program Files',
  'ProgramFiles(x86)': 'C:\\Program Files (x86)',
  ProgramW6432: 'C:\\Program Files',
  LOCALAPPDATA: 'C:\\Users\\marija\\AppData\\Local',
};

describe('which installs need an admin to update', () => {
  it('lets the default per-user Windows install update itself, not one under Program Files', () => {
    const at = (execPath: string) =>
      installNeedingAdmin({ isPackaged: true, platform: 'win32', execPath, env: windowsEnv });
    expect(at('C:\\Users\\marija\\AppData\\Local\\Programs\\MSC Desk\\MSC Desk.exe')).toBeNull();
    expect(at('C:\\Program Files\\MSC Desk\\MSC Desk.exe')).toBe('per-machine');
    expect(at('c:\\program files (x86)\\MSC Desk\\MSC Desk.exe')).toBe('per-machine');
    // A folder that merely starts with the same letters is not Program Files.
    expect(at('C:\\Program Files Tools\\MSC Desk\\MSC Desk.exe')).toBeNull();
  });

  it('lets an AppImage update itself, not the deb (pkexec dpkg -i), and never a copy run from a checkout', () => {
    const linux = (env: NodeJS.ProcessEnv, isPackaged = true) =>
      installNeedingAdmin({ isPackaged, platform: 'linux', execPath: '/opt/MSC Desk/msc-desk', env });
    expect(linux({ APPIMAGE: '/home/marija/MSC-Desk-0.1.0-x86_64.AppImage' })).toBeNull();
    expect(linux({})).toBe('deb');
    expect(linux({}, false)).toBeNull();
  });
});
