/**
 * The core's side of the utility process: opens the core once main has sent the database key
 * (requests that come earlier wait for it) and answers each request from main with an envelope.
 * Before that it also answers main's key checks (does this key open the database?), so SQLite
 * is loaded here and never in main. If the core cannot open (a database from a newer version, a SQLite
 * module built for another runtime) the process stays up and answers every call with that
 * reason, so the window can say what is wrong instead of the relay restarting it in a loop.
 */
import type { Core } from '../core';
import type { Envelope } from '../shared/contract';
import { AppError, toErrorShape, type AppErrorShape } from '../shared/errors';
import {
  isCoreKey,
  isCoreKeyCheck,
  isCoreProxyAnswer,
  isCoreRequest,
  isCoreShutdown,
  type CoreKeyCheckAnswer,
  type CoreProxyQuery,
  type CoreReply,
  type CoreRequest,
} from './core-protocol';

/** What the service needs of `process.parentPort` (messages arrive as `{ data }` events). */
export interface CorePort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: CoreReply | CoreProxyQuery | CoreKeyCheckAnswer): void;
}

/** How long the core waits for main to say which proxy to use before connecting directly. */
export const PROXY_ANSWER_MS = 5000;

export interface CoreServiceOptions {
  port: CorePort;
  /** Opens the core with the key main sent; called once, when the key arrives. */
  openCore: (databaseKey: Buffer) => Core;
  /**
   * Whether a key opens the database, for main's key checks before it sends one (core-protocol.ts);
   * throws when the database cannot be tried at all. Without it every check answers "no".
   */
  checkKey?: (databaseKey: Buffer) => boolean;
  /** Ends the process after a shutdown request. */
  exit: (code: number) => void;
  log?: (line: string) => void;
  /** An installed app (no npm, no source tree): messages say what the person can do there. */
  installed?: boolean;
}

/** A SQLite module compiled for plain Node cannot load inside Electron, and the reverse. */
function isWrongRuntimeBuild(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /NODE_MODULE_VERSION|was compiled against a different Node\.js version|ERR_DLOPEN_FAILED/.test(
    message,
  );
}

/** Windows refuses a DLL built for another architecture (32-bit, ARM) with this text. */
function isWrongArchitecture(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /not a valid Win32 application|wrong ELF class|cannot open shared object file: Exec format error/i.test(
    message,
  );
}

export function startupFailure(error: unknown, installed = false): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  if (isWrongArchitecture(error)) {
    return {
      code: 'INTERNAL',
      message:
        'The database module of this installation is built for another kind of computer (32-bit, 64-bit ' +
        'or ARM) than this PC. Reinstall MSC Desk with the installer for this PC (64-bit Windows or ' +
        'Linux); the office data is untouched. The details are in the log.',
    };
  }
  if (isWrongRuntimeBuild(error)) {
    return {
      code: 'INTERNAL',
      message: installed
        ? 'The database module of this installation does not match its version of MSC Desk (a damaged ' +
          'or half-finished update). Reinstall MSC Desk; the office data is untouched. The details are ' +
          'in the log.'
        : 'The database module is not built for this version of Electron. Run "npm start" again, which ' +
          'prepares it, or "npm run electron:native"; the details are in the log.',
    };
  }
  return {
    code: 'INTERNAL',
    message: 'The office database could not be opened; the details are in the log.',
  };
}

export interface CoreService {
  readonly core: Core | undefined;
  /** Asks main where the system sends a connection to `url` (Chromium's answer, e.g. "DIRECT"). */
  resolveProxy(url: string): Promise<string>;
}

export function startCoreService(options: CoreServiceOptions): CoreService {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let core: Core | undefined;
  let unavailable: AppErrorShape | undefined;
  /** Requests that came before the key; answered in order once the core is open. */
  let waiting: CoreRequest[] | undefined = [];
  const proxyQueries = new Map<number, (proxy: string) => void>();
  let nextProxyQuery = 1;

  function open(keyHex: string) {
    try {
      core = options.openCore(Buffer.from(keyHex, 'hex'));
    } catch (error) {
      unavailable = startupFailure(error, options.installed);
      log(
        `[core] could not open the core: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    const queued = waiting ?? [];
    waiting = undefined;
    for (const request of queued) reply(request);
  }

  function checkKey(keyHex: string): Pick<CoreKeyCheckAnswer, 'opens' | 'failure'> {
    if (!options.checkKey) return { opens: false, failure: startupFailure(new Error('no key check')) };
    try {
      return { opens: options.checkKey(Buffer.from(keyHex, 'hex')) };
    } catch (error) {
      log(
        `[core] could not check a database key: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return { opens: false, failure: startupFailure(error, options.installed) };
    }
  }

  async function answer(request: CoreRequest): Promise<Envelope> {
    if (!core) return { ok: false, error: unavailable as AppErrorShape };
    try {
      // The core checks the method name and validates the input itself.
      const value = await core.call(request.method as never, request.input as never);
      return { ok: true, value };
    } catch (error) {
      const shape = toErrorShape(error);
      if (shape.code === 'INTERNAL') {
        log(
          `[core] ${request.method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
      return { ok: false, error: shape };
    }
  }

  function reply(request: CoreRequest) {
    void answer(request).then((envelope) => options.port.postMessage({ id: request.id, envelope }));
  }

  options.port.on('message', ({ data }) => {
    if (isCoreShutdown(data)) {
      core?.close();
      options.exit(0);
      return;
    }
    if (isCoreProxyAnswer(data)) {
      proxyQueries.get(data.id)?.(data.proxy);
      return;
    }
    if (isCoreKeyCheck(data)) {
      options.port.postMessage({ type: 'key-check-answer', id: data.id, ...checkKey(data.keyHex) });
      return;
    }
    if (isCoreKey(data)) {
      if (waiting) open(data.keyHex);
      else log('[core] ignored a second database key');
      return;
    }
    if (!isCoreRequest(data)) {
      log('[core] ignored a malformed message from main');
      return;
    }
    if (waiting) waiting.push(data);
    else reply(data);
  });

  return {
    get core() {
      return core;
    },
    resolveProxy(url) {
      const id = nextProxyQuery++;
      return new Promise<string>((resolve) => {
        const timer = setTimeout(() => {
          log(`[core] main did not say which proxy to use within ${PROXY_ANSWER_MS} ms; connecting directly`);
          settle('DIRECT');
        }, PROXY_ANSWER_MS);
        const settle = (proxy: string) => {
          clearTimeout(timer);
          proxyQueries.delete(id);
          resolve(proxy);
        };
        proxyQueries.set(id, settle);
        try {
          options.port.postMessage({ type: 'proxy-query', id, url });
        } catch (error) {
          log(`[core] could not ask main for the proxy: ${String(error)}`);
          settle('DIRECT');
        }
      });
    },
  };
}
