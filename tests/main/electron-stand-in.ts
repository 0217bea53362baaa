/**
 * A stand-in for the `electron` module (the binary cannot run on the build machines): the parts
 * of the API main and the preload use, recording what they are asked to do. Tests install it with
 * `vi.mock('electron', () => import('./electron-stand-in'))` and call `resetStandIn()` before each.
 * Its objects are stable (the code under test imports them once); only their state is reset.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { PassThrough } from 'node:stream';

type Listener = (...args: never[]) => unknown;

/** A frame of a page; the main frame has no parent. */
export class StandInFrame {
  constructor(
    public url: string,
    public parent: StandInFrame | null = null,
    public processId = 1,
    public routingId = 1,
  ) {}
}

/** What `will-navigate` and friends receive. */
export class StandInEvent {
  defaultPrevented = false;
  constructor(public url = '') {}
  preventDefault() {
    this.defaultPrevented = true;
  }
}

let nextRoutingId = 1;

export class StandInWebContents extends EventEmitter {
  mainFrame = new StandInFrame('about:blank', null, 1, nextRoutingId++);
  /** What main sent to the page (`webContents.send`), as [channel, ...args]. */
  sentToPage: unknown[][] = [];

  send(channel: string, ...args: unknown[]) {
    this.sentToPage.push([channel, ...structuredClone(args)]);
  }
  windowOpenHandler?: (details: { url: string }) => { action: 'allow' | 'deny' };

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = handler;
  }

  /** A link click or `location.assign`: true when main let it happen. */
  navigate(url: string): boolean {
    const event = new StandInEvent(url);
    this.emit('will-navigate', event, url);
    return !event.defaultPrevented;
  }

  /** A `<webview>` in the page: true when main let it attach. */
  attachWebview(): boolean {
    const event = new StandInEvent();
    this.emit('will-attach-webview', event, {}, {});
    return !event.defaultPrevented;
  }
}

export class BrowserWindow extends EventEmitter {
  webContents = new StandInWebContents();
  shown = false;
  destroyed = false;
  loadedUrl?: string;

  constructor(public options: Record<string, unknown>) {
    super();
    standIn.windows.push(this);
    standIn.calls.push('new BrowserWindow');
    app.emit('web-contents-created', new StandInEvent(), this.webContents);
  }

  loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    const failure = standIn.loadFailure;
    if (!failure) return Promise.resolve();
    // As Electron: `did-fail-load` for the main frame, then the promise rejects.
    this.webContents.emit('did-fail-load', new StandInEvent(), failure.code, failure.description, url, true);
    return Promise.reject(new Error(`${failure.description} (${failure.code}) loading '${url}'`));
  }
  show() {
    this.shown = true;
  }
  isVisible() {
    return this.shown;
  }
  focus() {}
  restore() {}
  /** As Electron: the window goes, `closed` fires once. */
  close() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

class StandInApp extends EventEmitter {
  isPackaged = false;
  hasSingleInstanceLock = true;
  quitCount = 0;
  exitCode?: number;
  appPath = '/nonexistent-project';
  userData = '/nonexistent-user-data';
  logs = '/nonexistent-logs';
  version = '0.1.0';

  getVersion() {
    return this.version;
  }
  requestSingleInstanceLock() {
    return this.hasSingleInstanceLock;
  }
  quit() {
    this.quitCount += 1;
  }
  exit(code: number) {
    this.exitCode = code;
  }
  whenReady() {
    standIn.calls.push('app.whenReady');
    return Promise.resolve();
  }
  getPath(name: string) {
    if (name === 'userData') return this.userData;
    if (name === 'logs') return this.logs;
    throw new Error(`The stand-in knows only userData and logs, not ${name}`);
  }
  getAppPath() {
    return this.appPath;
  }
  /** As Electron: the proxy the utility process's `net` would take for `url` (system settings). */
  resolveProxy(url: string) {
    standIn.proxyQueries.push(url);
    return Promise.resolve(standIn.systemProxy);
  }
}

export const app = new StandInApp();

function isShutdown(message: unknown): boolean {
  return (
    typeof message === 'object' && message !== null && (message as { shutdown?: unknown }).shutdown === true
  );
}

/** A utility process that records what main sends; tests answer for it or make it exit. */
export class StandInUtilityProcess extends EventEmitter {
  sent: unknown[] = [];
  killed = false;
  exited = false;
  /** As the core does on a shutdown request; off when a real core service answers it. */
  exitsOnShutdown = true;
  /** With `stdio: 'pipe'`, what the process prints (tests write to them). */
  stdout: PassThrough | null = null;
  stderr: PassThrough | null = null;

  constructor(
    public modulePath: string,
    public args: string[],
    public options: Record<string, unknown>,
  ) {
    super();
    if (options.stdio === 'pipe') {
      this.stdout = new PassThrough();
      this.stderr = new PassThrough();
    }
  }

  postMessage(message: unknown) {
    if (this.exited) throw new Error('The stand-in process has exited');
    this.sent.push(message);
    this.emit('stand-in:received', message);
    if (this.exitsOnShutdown && isShutdown(message)) setImmediate(() => this.exit(0));
  }
  kill() {
    this.killed = true;
    if (!this.exited) this.exit(15);
    return true;
  }
  /** The process ends (a crash when the code is not 0). */
  exit(code: number) {
    if (this.exited) return;
    this.exited = true;
    this.stdout?.end();
    this.stderr?.end();
    this.emit('exit', code);
  }
}

export const utilityProcess = {
  fork(modulePath: string, args: string[] = [], options: Record<string, unknown> = {}) {
    const child = new StandInUtilityProcess(modulePath, args, options);
    standIn.forked.push(child);
    standIn.onFork?.(child);
    return child;
  },
};

export const ipcMain = {
  handle(channel: string, handler: Listener) {
    if (standIn.ipcHandlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    standIn.ipcHandlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    standIn.ipcHandlers.delete(channel);
  },
  /** `ipcRenderer.send` channels (no answer). */
  on(channel: string, listener: Listener) {
    standIn.ipcListeners.set(channel, listener);
  },
};

/** Event of an `ipcRenderer.invoke` as main receives it. */
export interface StandInInvokeEvent {
  sender: StandInWebContents;
  senderFrame: StandInFrame | null;
}

export const ipcRenderer = {
  /** Delivered as if from the first window's main frame, or from `standIn.rendererEvent`. */
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = standIn.ipcHandlers.get(channel) as ((...a: unknown[]) => unknown) | undefined;
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    const window = standIn.windows[0];
    const event = standIn.rendererEvent ?? {
      sender: window?.webContents,
      senderFrame: window?.webContents.mainFrame,
    };
    return Promise.resolve(handler(event, ...args));
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    standIn.exposed.set(key, api);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    standIn.calls.push('protocol.registerSchemesAsPrivileged');
    standIn.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    standIn.calls.push('protocol.handle');
    standIn.protocolHandlers.set(scheme, handler);
  },
};

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string },
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, requestingOrigin: string) => boolean;

export const session = {
  /** electron-updater asks for its own partition; the stand-in's `net` ignores sessions. */
  fromPartition(_partition: string, _options?: unknown) {
    return {};
  },
  defaultSession: {
    setPermissionRequestHandler(handler: PermissionRequestHandler) {
      standIn.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler) {
      standIn.permissionCheckHandler = handler;
    },
  },
};

/**
 * Electron's `net.request` (Chromium's network stack) as Node's http: enough for electron-updater,
 * whose requests take the same options and whose responses are read the same way.
 */
function rangeOf(headers: Record<string, string> | undefined): string | null {
  const key = Object.keys(headers ?? {}).find((name) => name.toLowerCase() === 'range');
  return key ? (headers?.[key] ?? null) : null;
}

export const net = {
  /** `net.fetch` as Node's fetch (Chromium's stack in Electron); records what it was asked. */
  fetch(input: string, init?: RequestInit) {
    standIn.netFetches.push({ url: String(input), method: init?.method ?? 'GET' });
    return fetch(input, init);
  },
  request(options: Record<string, unknown>) {
    const { session: _session, redirect: _redirect, ...nodeOptions } = options;
    standIn.netRequests.push({
      method: String(nodeOptions.method ?? 'GET'),
      path: String(nodeOptions.path ?? ''),
      range: rangeOf(nodeOptions.headers as Record<string, string> | undefined),
    });
    return (nodeOptions.protocol === 'https:' ? https : http).request(nodeOptions as http.RequestOptions);
  },
};

export const shell = {
  openExternal(url: string) {
    standIn.openedExternally.push(url);
    return Promise.resolve();
  },
  /** Resolves to an error text, '' when the folder opened. */
  openPath(folder: string) {
    standIn.openedFolders.push(folder);
    return Promise.resolve('');
  },
};

export const Menu = {
  buildFromTemplate(template: unknown[]) {
    return { template };
  },
  setApplicationMenu(menu: { template: unknown[] }) {
    standIn.menuTemplate = menu.template;
  },
};

/**
 * safeStorage as the OS account sees it: what one account seals only that account can open
 * (as DPAPI after a Windows reinstall), and encryption may be unavailable altogether.
 */
export const safeStorage = {
  isEncryptionAvailable() {
    return standIn.safeStorage.available;
  },
  /** Linux only in Electron; 'basic_text' when no keyring was recognised (the key is then not protected). */
  getSelectedStorageBackend() {
    return standIn.safeStorage.backend;
  },
  encryptString(plainText: string): Buffer {
    if (!standIn.safeStorage.available) throw new Error('Encryption is not available.');
    const { account } = standIn.safeStorage;
    return Buffer.from(`sealed-for:${account}:${Buffer.from(plainText).toString('base64')}`);
  },
  decryptString(encrypted: Buffer): string {
    const [tag, account, body] = encrypted.toString().split(':');
    if (tag !== 'sealed-for' || account !== standIn.safeStorage.account || body === undefined)
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(body, 'base64').toString();
  },
};

export const dialog = {
  showMessageBox(...args: unknown[]) {
    standIn.messageBoxes.push(args.at(-1));
    return Promise.resolve({ response: standIn.messageBoxResponses.shift() ?? 0 });
  },
  showErrorBox(title: string, content: string) {
    standIn.errorBoxes.push({ title, content });
  },
};

function freshState() {
  return {
    /** Order of the calls whose order matters (scheme registration before ready …). */
    calls: [] as string[],
    windows: [] as BrowserWindow[],
    forked: [] as StandInUtilityProcess[],
    onFork: undefined as ((child: StandInUtilityProcess) => void) | undefined,
    ipcHandlers: new Map<string, Listener>(),
    ipcListeners: new Map<string, Listener>(),
    rendererEvent: undefined as StandInInvokeEvent | undefined,
    exposed: new Map<string, unknown>(),
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    permissionRequestHandler: undefined as PermissionRequestHandler | undefined,
    permissionCheckHandler: undefined as PermissionCheckHandler | undefined,
    openedExternally: [] as string[],
    openedFolders: [] as string[],
    /** What electron-updater fetched through `net`. */
    netRequests: [] as { method: string; path: string; range: string | null }[],
    /** What the core fetched through `net.fetch` (in its utility process). */
    netFetches: [] as { url: string; method: string }[],
    /** What `app.resolveProxy` answers, as Chromium words it ("DIRECT", "PROXY host:port; DIRECT"). */
    systemProxy: 'DIRECT',
    /** The URLs `app.resolveProxy` was asked about. */
    proxyQueries: [] as string[],
    menuTemplate: undefined as unknown[] | undefined,
    messageBoxes: [] as unknown[],
    /** The buttons the person presses, in order (index into `buttons`); 0 once these run out. */
    messageBoxResponses: [] as number[],
    errorBoxes: [] as { title: string; content: string }[],
    /** The OS account's protected storage (DPAPI on Windows); `backend` as on Linux. */
    safeStorage: { available: true, account: 'desk-pc\\marija', backend: 'gnome_libsecret' },
    /** Set to make every window's page fail to load, as `did-fail-load` reports it. */
    loadFailure: undefined as { code: number; description: string } | undefined,
  };
}

export const standIn = freshState();

export function resetStandIn(): void {
  Object.assign(standIn, freshState());
  app.removeAllListeners();
  Object.assign(app, {
    isPackaged: false,
    hasSingleInstanceLock: true,
    quitCount: 0,
    exitCode: undefined,
    appPath: '/nonexistent-project',
    userData: '/nonexistent-user-data',
    logs: '/nonexistent-logs',
  });
}

export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  net,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
};
