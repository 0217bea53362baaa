/**
 * Main's way to learn whether a database key opens the office database without loading SQLite
 * itself: it asks a core utility process (the same core-process.js, which has not opened the
 * core), started on the first question and ended once main has its key. Only the uncommon starts
 * ask (a key file to adopt, the recovery key, the start-up passphrase); an unsealed key is sent
 * to the core as it is. No Electron import, so it is tested with a stand-in child.
 */
import { isCoreKeyCheckAnswer } from './core-protocol';
import type { CoreChild } from './core-relay';

export interface KeyCheck {
  /** True when `key` opens the database; false when it does not, or could not be tried (logged). */
  opens(key: Buffer): Promise<boolean>;
  /** Ends the checking process, if one was started, and waits until it has gone. */
  close(): Promise<void>;
}

export interface KeyCheckOptions {
  /** Starts a core process (as the relay does), on the first question. */
  fork: () => CoreChild;
  log?: (line: string) => void;
  /** A question not answered in this time counts as "does not open" (the process is ended). */
  timeoutMs?: number;
  /** How long `close` waits for the process to exit before killing it. */
  shutdownGraceMs?: number;
}

export function createKeyCheck(options: KeyCheckOptions): KeyCheck {
  const log = options.log ?? (() => {});
  const timeoutMs = options.timeoutMs ?? 30_000;
  const graceMs = options.shutdownGraceMs ?? 3000;
  const pending = new Map<number, (opens: boolean) => void>();
  let nextId = 1;
  let child: { process: CoreChild; exited: Promise<void> } | undefined;

  function started(): CoreChild {
    if (child) return child.process;
    const forked = options.fork();
    const exited = new Promise<void>((resolve) =>
      forked.on('exit', (code) => {
        if (child?.process === forked) child = undefined;
        if (pending.size) log(`[key] the core process checking the key stopped (exit code ${code})`);
        for (const answer of [...pending.values()]) answer(false);
        resolve();
      }),
    );
    forked.on('message', (message) => {
      if (!isCoreKeyCheckAnswer(message)) return;
      if (message.failure) log(`[key] the key could not be tried: ${message.failure.message}`);
      pending.get(message.id)?.(message.opens);
    });
    child = { process: forked, exited };
    return forked;
  }

  return {
    opens(key) {
      const id = nextId++;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          log(`[key] no answer from the core process on the key within ${timeoutMs} ms`);
          settle(false);
          child?.process.kill();
        }, timeoutMs);
        const settle = (opens: boolean) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(opens);
        };
        pending.set(id, settle);
        try {
          started().postMessage({ type: 'key-check', id, keyHex: key.toString('hex') });
        } catch (error) {
          log(`[key] could not ask the core process about the key: ${String(error)}`);
          settle(false);
        }
      });
    },

    async close() {
      const running = child;
      if (!running) return;
      const killTimer = setTimeout(() => running.process.kill(), graceMs);
      try {
        running.process.postMessage({ shutdown: true });
      } catch {
        running.process.kill();
      }
      await running.exited;
      clearTimeout(killTimer);
    },
  };
}
