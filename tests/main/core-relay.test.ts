import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isCoreRequest } from '../../src/main/core-protocol';
import { createCoreRelay, defaultRestartDelay, type CoreRelay } from '../../src/main/core-relay';
import type { Envelope } from '../../src/shared/contract';
import { StandInUtilityProcess, resetStandIn, standIn } from './electron-stand-in';
import { invokeHandler, runRealCore, startApp, type Started } from './harness';

vi.mock('electron', () => import('./electron-stand-in'));

const KEY = Buffer.alloc(32, 7);

const STOPPED_MESSAGE =
  'The application core stopped; your call was not completed. It has been restarted — try again.';

function forkStandIn(forked: StandInUtilityProcess[]) {
  return () => {
    const child = new StandInUtilityProcess('core-process.js', [], {});
    forked.push(child);
    return child;
  };
}

function requestsTo(child: StandInUtilityProcess | undefined) {
  return (child?.sent ?? []).filter(isCoreRequest);
}

/** Lets a promise settle if it is going to; a still-pending one yields 'pending'. */
async function stateOf(promise: Promise<unknown>): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve('pending'), 20))]);
}

describe('the relay when the core process stops', () => {
  let relay: CoreRelay | undefined;
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  it('answers every open call with a clear INTERNAL envelope instead of leaving it hanging', async () => {
    const forked: StandInUtilityProcess[] = [];
    const log: string[] = [];
    relay = createCoreRelay({
      databaseKey: KEY,
      fork: forkStandIn(forked),
      log: (line) => log.push(line),
      restartDelay: () => 0,
    });
    const render = relay.call('system.check', {});
    const search = relay.call('clients.search', { query: 'petrović' });
    expect(await stateOf(render)).toBe('pending');

    forked[0]?.exit(134); // as after a native crash

    const lost: Envelope = { ok: false, error: { code: 'INTERNAL', message: STOPPED_MESSAGE } };
    expect(await render).toEqual(lost);
    expect(await search).toEqual(lost);
    expect(relay.pendingCount).toBe(0);
    expect(log.join('\n')).toContain('exit code 134');
  });

  it('starts a new core, which then answers the next call', async () => {
    const forked: StandInUtilityProcess[] = [];
    relay = createCoreRelay({
      databaseKey: KEY,
      fork: forkStandIn(forked),
      log: () => {},
      restartDelay: () => 0,
    });
    forked[0]?.exit(1);
    await vi.waitFor(() => expect(forked).toHaveLength(2));

    const next = relay.call('system.info', {});
    const [request] = requestsTo(forked[1]);
    expect(request).toEqual({ id: expect.any(Number), method: 'system.info', input: {} });
    forked[1]?.emit('message', { id: request?.id, envelope: { ok: true, value: 'from the new core' } });
    expect(await next).toEqual({ ok: true, value: 'from the new core' });
  });

  it('does not send a lost call again (it may have been half done)', async () => {
    const forked: StandInUtilityProcess[] = [];
    relay = createCoreRelay({
      databaseKey: KEY,
      fork: forkStandIn(forked),
      log: () => {},
      restartDelay: () => 0,
    });
    const create = relay.call('clients.create', { client: {} });
    forked[0]?.exit(1);
    expect(await create).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await vi.waitFor(() => expect(forked).toHaveLength(2));
    expect(requestsTo(forked[1])).toEqual([]);
  });

  it('takes an answer only from the process the call was sent to', async () => {
    const forked: StandInUtilityProcess[] = [];
    relay = createCoreRelay({
      databaseKey: KEY,
      fork: forkStandIn(forked),
      log: () => {},
      restartDelay: () => 0,
    });
    forked[0]?.exit(1);
    await vi.waitFor(() => expect(forked).toHaveLength(2));
    const call = relay.call('system.info', {});
    const [request] = requestsTo(forked[1]);
    forked[0]?.emit('message', { id: request?.id, envelope: { ok: true, value: 'from the dead core' } });
    expect(await stateOf(call)).toBe('pending');
    forked[1]?.emit('message', { id: request?.id, envelope: { ok: true, value: 'from the live core' } });
    expect(await call).toEqual({ ok: true, value: 'from the live core' });
  });

  it('ignores malformed messages from the core', async () => {
    const forked: StandInUtilityProcess[] = [];
    const log: string[] = [];
    relay = createCoreRelay({
      databaseKey: KEY,
      fork: forkStandIn(forked),
      log: (line) => log.push(line),
      restartDelay: () => 0,
    });
    const call = relay.call('system.info', {});
    const [request] = requestsTo(forked[0]);
    forked[0]?.emit('message', { id: request?.id, envelope: { ok: 'yes' } });
    forked[0]?.emit('message', 'hello');
    expect(await stateOf(call)).toBe('pending');
    expect(log.filter((line) => line.includes('malformed'))).toHaveLength(2);
  });

  it('waits longer before each restart while the core keeps crashing, and queues calls meanwhile', async () => {
    vi.useFakeTimers();
    try {
      const forked: StandInUtilityProcess[] = [];
      relay = createCoreRelay({ databaseKey: KEY, fork: forkStandIn(forked), log: () => {} });
      forked[0]?.exit(1);
      await vi.advanceTimersByTimeAsync(0);
      expect(forked).toHaveLength(2); // the first crash restarts at once
      forked[1]?.exit(1);
      await vi.advanceTimersByTimeAsync(999);
      expect(forked).toHaveLength(2);
      const queued = relay.call('system.info', {});
      await vi.advanceTimersByTimeAsync(1);
      expect(forked).toHaveLength(3);
      const [request] = requestsTo(forked[2]);
      expect(request).toMatchObject({ method: 'system.info' });

      forked[2]?.exit(1);
      expect(await queued).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      await vi.advanceTimersByTimeAsync(1999);
      expect(forked).toHaveLength(3);
      await vi.advanceTimersByTimeAsync(1);
      expect(forked).toHaveLength(4);

      // A core that answers is healthy again: the next crash restarts it at once.
      const ok = relay.call('system.info', {});
      const [answered] = requestsTo(forked[3]);
      forked[3]?.emit('message', { id: answered?.id, envelope: { ok: true, value: 1 } });
      await ok;
      forked[3]?.exit(1);
      await vi.advanceTimersByTimeAsync(0);
      expect(forked).toHaveLength(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('backs off 0 s, 1 s, 2 s, 4 s … and never more than 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(defaultRestartDelay)).toEqual([
      0, 1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });

  it('answers calls with INTERNAL when no core can be started at all', async () => {
    vi.useFakeTimers();
    try {
      const fork = vi.fn((): StandInUtilityProcess => {
        throw new Error('utility process refused');
      });
      relay = createCoreRelay({ databaseKey: KEY, fork, log: () => {} });
      await vi.advanceTimersByTimeAsync(0);
      const call = relay.call('system.info', {});
      await vi.advanceTimersByTimeAsync(1000);
      expect(await call).toMatchObject({
        ok: false,
        error: { code: 'INTERNAL', message: expect.stringContaining('could not be started') },
      });
      expect(fork.mock.calls.length).toBeGreaterThanOrEqual(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('what the relay reports', () => {
  it('tells main of a crash with the number of calls lost, but not of a shutdown it asked for', async () => {
    const forked: StandInUtilityProcess[] = [];
    const crashes: number[] = [];
    const relay = createCoreRelay({
      databaseKey: KEY,
      fork: forkStandIn(forked),
      log: () => {},
      restartDelay: () => 0,
      onCrash: (lost) => crashes.push(lost),
    });
    const lost = [relay.call('system.check', {}), relay.call('system.info', {})];
    forked[0]?.exit(139);
    await Promise.all(lost);
    expect(crashes).toEqual([2]);
    await vi.waitFor(() => expect(forked).toHaveLength(2));
    await relay.stop();
    expect(crashes).toEqual([2]);
  });

  it('logs a slow round trip with the method name only, never the input', async () => {
    const forked: StandInUtilityProcess[] = [];
    const log: string[] = [];
    const relay = createCoreRelay({
      databaseKey: KEY,
      fork: forkStandIn(forked),
      log: (line) => log.push(line),
      slowCallMs: 5,
    });
    const fast = relay.call('system.info', {});
    const slow = relay.call('clients.search', { query: 'Petrović 0101990' });
    const [fastRequest, slowRequest] = requestsTo(forked[0]);
    forked[0]?.emit('message', { id: fastRequest?.id, envelope: { ok: true, value: 1 } });
    await fast;
    await new Promise((resolve) => setTimeout(resolve, 20));
    forked[0]?.emit('message', { id: slowRequest?.id, envelope: { ok: true, value: 2 } });
    await slow;
    expect(log.filter((line) => line.includes('slow call'))).toEqual([
      expect.stringMatching(/^\[core-relay\] slow call clients\.search: \d+\.\d ms$/),
    ]);
    expect(log.join('\n')).not.toContain('Petrović');
    await relay.stop();
  });
});

describe('stopping the relay', () => {
  it('asks the core to shut down, answers open calls as closing, and does not restart it', async () => {
    const forked: StandInUtilityProcess[] = [];
    const relay = createCoreRelay({
      databaseKey: KEY,
      fork: forkStandIn(forked),
      log: () => {},
      restartDelay: () => 0,
    });
    const open = relay.call('system.check', {});
    await relay.stop();
    expect(forked[0]?.sent.at(-1)).toEqual({ shutdown: true });
    expect(await open).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('closing') },
    });
    expect(await relay.call('system.info', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(forked).toHaveLength(1);
  });

  it('does not take an exit it caused for a crash, even one that comes at once', async () => {
    const forked: StandInUtilityProcess[] = [];
    const relay = createCoreRelay({
      databaseKey: KEY,
      fork: forkStandIn(forked),
      log: () => {},
      restartDelay: () => 0,
    });
    const open = relay.call('system.check', {});
    forked[0]!.postMessage = () => {
      throw new Error('channel closed');
    };
    await relay.stop();
    expect(forked[0]?.killed).toBe(true);
    expect(await open).toMatchObject({ error: { message: expect.stringContaining('closing') } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(forked).toHaveLength(1);
  });

  it('kills a core that does not exit within the grace period', async () => {
    const forked: StandInUtilityProcess[] = [];
    const relay = createCoreRelay({
      databaseKey: KEY,
      fork: forkStandIn(forked),
      log: () => {},
      shutdownGraceMs: 10,
    });
    forked[0]!.exitsOnShutdown = false;
    await relay.stop();
    expect(forked[0]?.killed).toBe(true);
  });
});

describe('a core crash seen from the window', () => {
  let started: Started | undefined;
  beforeEach(() => resetStandIn());
  afterEach(async () => {
    await started?.desktop.relay.stop();
    started = undefined;
  });

  it('turns a pending IPC call into an INTERNAL envelope and forks a new, working core', async () => {
    started = await startApp();
    const ourPage = () => ({
      sender: standIn.windows[0]?.webContents,
      senderFrame: standIn.windows[0]?.webContents.mainFrame,
    });
    const pending = invokeHandler()(ourPage(), 'system.check', {});
    await vi.waitFor(() => expect(requestsTo(standIn.forked[0])).toHaveLength(1));

    standIn.onFork = runRealCore;
    standIn.forked[0]?.exit(139);

    expect(await pending).toEqual({ ok: false, error: { code: 'INTERNAL', message: STOPPED_MESSAGE } });
    // The window is told, so it can say so and keep what was being typed.
    expect(standIn.windows[0]?.webContents.sentToPage).toContainEqual([
      'desk:event',
      { type: 'core-restarted', lostCalls: 1 },
    ]);
    await vi.waitFor(() => expect(standIn.forked).toHaveLength(2));
    expect(standIn.forked[1]?.args).toEqual(standIn.forked[0]?.args);
    expect(await invokeHandler()(ourPage(), 'system.check', {})).toMatchObject({
      ok: true,
      value: { ok: true },
    });
  });
});
