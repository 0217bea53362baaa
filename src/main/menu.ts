/**
 * The application menu: Quit, the standard Edit roles (so copy and paste work in every field),
 * reload and developer tools only outside a packaged app, and Help: check for updates, open the
 * logs folder, and About with the versions a support call asks for.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { PRODUCT_NAME } from '../core/host';
import type { DesktopAbout } from '../shared/desktop';

export interface AppMenuOptions {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  showAbout: () => void;
  openLogsFolder: () => void;
  checkForUpdates: () => void;
}

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const about: MenuItemConstructorOptions = {
    label: `About ${PRODUCT_NAME}`,
    click: () => options.showAbout(),
  };
  const view: MenuItemConstructorOptions[] = options.isPackaged
    ? [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }]
    : [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
      ];

  const appMenu: MenuItemConstructorOptions = {
    label: PRODUCT_NAME,
    submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'quit' }],
  };
  const helpItems: MenuItemConstructorOptions[] = [
    { label: 'Check for Updates', click: () => options.checkForUpdates() },
    { label: 'Open Logs Folder', click: () => options.openLogsFolder() },
  ];
  // On macOS About sits in the app menu; elsewhere at the end of Help.
  const help: MenuItemConstructorOptions = mac
    ? { role: 'help', submenu: helpItems }
    : { label: 'Help', submenu: [...helpItems, { type: 'separator' }, about] };

  return [
    ...(mac ? [appMenu] : []),
    { label: 'File', submenu: [{ role: mac ? 'close' : 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    help,
  ];
}

/** The text of the About box: what a support call asks for first. */
export function aboutDetail(about: DesktopAbout): string {
  const templates = about.templates.map((template) => `  ${template.id} v${template.version}`);
  return [
    `${PRODUCT_NAME} ${about.appVersion}`,
    `Database schema ${about.schemaVersion} (this version's: ${about.latestSchemaVersion})`,
    `Electron ${about.electron}, Chromium ${about.chromium}, Node.js ${about.node}`,
    'Packet templates:',
    ...templates,
    `Logs: ${about.logsFolder}`,
  ].join('\n');
}
