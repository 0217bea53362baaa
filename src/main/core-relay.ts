/**
 * Main's side of the core: sends each call to the utility process and matches the answer to it
 * by id. Calls have no timeout (a packet render may take a while), so the relay owns the other
 * way a call can end: when the core process stops, every call it held is answered with an
 * INTERNAL envelope and a new core is started, waiting longer each time it keeps stopping. Each
 * core it starts gets the database key as its first message.
 * No Electron import, so it is tested with a stand-in child.
 */
import type { Envelope } from '../shared/contract';
import type { AppErrorShape } from '../shared/errors';
import { isCoreProxyQuery, isCoreReply, type CoreMessage } from './core-protocol';

/** What the relay needs of a utility process (Electron's `UtilityProcess` fits). */
export interface CoreChild {
  postMessage(message: CoreMessage): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface CoreRelayOptions {
  /** Starts a core process; called at start and after each crash. */
  fork: () => CoreChild;
  /** The database key, sent to every core process as its first message (never in argv or env). */
  databaseKey: Buffer;
  log?: (line: string) => void;
  /** Milliseconds to wait before restarting after the n-th crash in a row (n ≥ 1). */
  restartDelay?: (crashesInARow: number) => number;
  /** How long `stop` waits for the core to close its database before killing it. */
  shutdownGraceMs?: number;
  /**
   * The core stopped unexpectedly and is being restarted; `lostCalls` were answered with
   * CORE_STOPPED. Main tells the window, which keeps what was typed and says to try again.
   */
  onCrash?: (lostCalls: number) => void;
  /** Round trips slower than this (ms) are logged with the method's name (never its input). */
  slowCallMs?: number;
  /**
   * The relay stopped restarting: the core failed `MAX_QUICK_FAILURES` times in a row right after
   * starting (a broken install, a module that cannot load). Main says so instead of a loop.
   */
  onGiveUp?: (failures: number) => void;
  /** For tests: the clock that decides what a quick failure is. */
  now?: () => number;
  /**
   * Where the system sends a connection to a URL (`app.resolveProxy`), asked by the core for a
   * pinned sync server; without it the core is told "DIRECT".
   */
  resolveProxy?: (url: string) => Promise<string>;
}

export interface CoreRelay {
  /** Always resolves, never rejects: failures come back as error envelopes. */
  call(method: string, input: unknown): Promise<Envelope>;
  /** Closes the core (it closes its database first); calls still open get an INTERNAL envelope. */
  stop(): Promise<void>;
  /** Calls sent or queued and not yet answered. */
  readonly pendingCount: number;
}

export const CORE_STOPPED: AppErrorShape = {
  code: 'INTERNAL',
  message: 'The application core stopped; your call was not completed. It has been restarted — try again.',
};

export const CORE_CLOSING: AppErrorShape = {
  code: 'INTERNAL',
  message: 'The application is closing; your call was not completed.',
};

/**
 * A core that stops within `QUICK_FAILURE_MS` of starting without ever answering failed "quickly";
 * after `MAX_QUICK_FAILURES` of those in a row, restarting again would only loop.
 */
export const QUICK_FAILURE_MS = 10_000;
export const MAX_QUICK_FAILURES = 5;

export const CORE_GAVE_UP: AppErrorShape = {
  code: 'INTERNAL',
  message:
    'The application core stopped each time it started, so MSC Desk stopped trying. The details are in ' +
    'core.log and main.log (Help → Open Logs Folder). Restart MSC Desk; if it happens again, call support.',
};

const CORE_UNAVAILABLE: AppErrorShape = {
  code: 'INTERNAL',
  message: 'The application core could not be started; the details are in the log. Restart MSC Desk.',
};

/** Immediately after the first crash, then 1 s, 2 s, 4 s … up to 30 s while it keeps crashing. */
export function defaultRestartDelay(crashesInARow: number): number {
  if (crashesInARow <= 1) return 0;
  return Math.min(30_000, 1000 * 2 ** (crashesInARow - 2));
}

/** As the core's own threshold: a call the person waits on for longer than this is worth a line. */
export const SLOW_ROUND_TRIP_MS = 40;

interface PendingCall {
  request: { id: number; method: string; input: unknown };
  startedAt: number;
  resolve: (envelope: Envelope) => void;
  /** The process the call was sent to; undefined while it waits for a core to start. */
  sentTo?: CoreChild;
}

export function createCoreRelay(options: CoreRelayOptions): CoreRelay {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const restartDelay = options.restartDelay ?? defaultRestartDelay;
  const shutdownGraceMs = options.shutdownGraceMs ?? 3000;
  const keyHex = options.databaseKey.toString('hex');
  const slowCallMs = options.slowCallMs ?? SLOW_ROUND_TRIP_MS;
  const now = options.now ?? (() => Date.now());

  const pending = new Map<number, PendingCall>();
  let nextId = 1;
  let child: CoreChild | undefined;
  let crashesInARow = 0;
  /** Cores in a row that stopped soon after starting without answering anything. */
  let quickFailures = 0;
  let gaveUp = false;
  let startedAt = 0;
  let answeredSinceStart = false;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set by `stop` before anything else, so an exit it causes is never taken for a crash. */
  let closing = false;
  let stopped: Promise<void> | undefined;

  function settle(call: PendingCall, envelope: Envelope) {
    pending.delete(call.request.id);
    const elapsed = performance.now() - call.startedAt;
    if (elapsed > slowCallMs) log(`[core-relay] slow call ${call.request.method}: ${elapsed.toFixed(1)} ms`);
    call.resolve(envelope);
  }

  function send(call: PendingCall, to: CoreChild) {
    call.sentTo = to;
    try {
      to.postMessage(call.request);
    } catch (error) {
      // The process is going away; its exit event answers the call.
      log(`[core-relay] could not send ${call.request.method}: ${String(error)}`);
    }
  }

  function start() {
    restartTimer = undefined;
    let started: CoreChild;
    startedAt = now();
    answeredSinceStart = false;
    try {
      started = options.fork();
    } catch (error) {
      log(`[core-relay] could not start the core: ${String(error)}`);
      for (const call of [...pending.values()]) settle(call, { ok: false, error: CORE_UNAVAILABLE });
      scheduleRestart();
      return;
    }
    child = started;
    started.on('message', (message) => onReply(started, message));
    started.on('exit', (code) => onExit(started, code));
    try {
      started.postMessage({ type: 'key', keyHex });
    } catch (error) {
      // As with a call: the process is going away, and its exit restarts it.
      log(`[core-relay] could not send the database key: ${String(error)}`);
    }
    for (const call of pending.values()) if (!call.sentTo) send(call, started);
  }

  function giveUp() {
    gaveUp = true;
    log(
      `[core-relay] not restarting the core again: it stopped ${quickFailures} times in a row within ` +
        `${QUICK_FAILURE_MS / 1000} s of starting, without answering (see core.log)`,
    );
    for (const call of [...pending.values()]) settle(call, { ok: false, error: CORE_GAVE_UP });
    options.onGiveUp?.(quickFailures);
  }

  function scheduleRestart() {
    if (closing || restartTimer || gaveUp) return;
    quickFailures = !answeredSinceStart && now() - startedAt < QUICK_FAILURE_MS ? quickFailures + 1 : 0;
    if (quickFailures >= MAX_QUICK_FAILURES) return giveUp();
    crashesInARow += 1;
    const delay = restartDelay(crashesInARow);
    log(
      `[core-relay] restarting the core${delay ? ` in ${delay} ms` : ''} (crash ${crashesInARow} in a row)`,
    );
    restartTimer = setTimeout(start, delay);
  }

  function answerProxyQuery(from: CoreChild, id: number, url: string) {
    const ask = options.resolveProxy ?? (() => Promise.resolve('DIRECT'));
    void ask(url)
      .catch((error: unknown) => {
        log(`[core-relay] could not resolve the proxy for ${new URL(url).host}: ${String(error)}`);
        return 'DIRECT';
      })
      .then((proxy) => {
        // For IT reading main.log: where a pinned sync connection went.
        log(`[core-relay] proxy for ${new URL(url).host}: ${proxy}`);
        try {
          from.postMessage({ type: 'proxy-answer', id, proxy });
        } catch {
          // The process went away meanwhile; nothing waits for the answer.
        }
      });
  }

  function onReply(from: CoreChild, message: unknown) {
    if (isCoreProxyQuery(message)) return answerProxyQuery(from, message.id, message.url);
    if (!isCoreReply(message)) {
      log('[core-relay] ignored a malformed message from the core');
      return;
    }
    const call = pending.get(message.id);
    if (!call || call.sentTo !== from) return;
    // A core that answers is healthy again: the next crash restarts it at once.
    crashesInARow = 0;
    answeredSinceStart = true;
    settle(call, message.envelope);
  }

  function onExit(from: CoreChild, code: number) {
    if (child === from) child = undefined;
    const lost = [...pending.values()].filter((call) => call.sentTo === from);
    for (const call of lost) settle(call, { ok: false, error: closing ? CORE_CLOSING : CORE_STOPPED });
    if (closing) return;
    log(`[core-relay] the core stopped (exit code ${code}) with ${lost.length} call(s) open`);
    scheduleRestart();
    if (!gaveUp) options.onCrash?.(lost.length);
  }

  start();

  return {
    call(method, input) {
      if (closing) return Promise.resolve({ ok: false, error: CORE_CLOSING });
      if (gaveUp) return Promise.resolve({ ok: false, error: CORE_GAVE_UP });
      return new Promise<Envelope>((resolve) => {
        const call: PendingCall = {
          request: { id: nextId++, method, input },
          startedAt: performance.now(),
          resolve,
        };
        pending.set(call.request.id, call);
        if (child) send(call, child);
      });
    },

    stop() {
      if (stopped) return stopped;
      closing = true;
      if (restartTimer) clearTimeout(restartTimer);
      for (const call of [...pending.values()])
        if (!call.sentTo) settle(call, { ok: false, error: CORE_CLOSING });
      const last = child;
      stopped = new Promise<void>((resolve) => {
        if (!last) return resolve();
        const killTimer = setTimeout(() => last.kill(), shutdownGraceMs);
        last.on('exit', () => {
          clearTimeout(killTimer);
          resolve();
        });
        try {
          last.postMessage({ shutdown: true });
        } catch {
          last.kill();
        }
      });
      return stopped;
    },

    get pendingCount() {
      return pending.size;
    },
  };
}
