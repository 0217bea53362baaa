/**
 * The application menu: Quit, the standard Edit roles (so copy and paste work in every field),
 * reload and developer tools only outside a packaged app, and About with the versions a support
 * call asks for.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { PRODUCT_NAME } from '../core/paths';

export interface AppMenuOptions {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  showAbout: () => void;
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
  const help: MenuItemConstructorOptions = { label: 'Help', submenu: [about] };

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
    ...(mac ? [] : [help]),
  ];
}

/** The text of the About box. */
export function aboutDetail(appVersion: string, versions: NodeJS.ProcessVersions): string {
  return [
    `${PRODUCT_NAME} ${appVersion}`,
    `Electron ${versions.electron ?? '?'}`,
    `Chromium ${versions.chrome ?? '?'}`,
    `Node.js ${versions.node}`,
  ].join('\n');
}
