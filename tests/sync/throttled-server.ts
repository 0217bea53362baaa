import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Office } from '../../src/shared/sync';
import { startTestServer, type Backend, type TestServer } from '../server/backends';
import { enrolledDesk, newOffice, type Desk } from './helpers';
import { startThrottleProxy, type ThrottleProxy } from './throttle-proxy';

/**
 * The set-up the link tests share (issue 17): a sync server on `backend`, the throttling proxy in
 * front of it, and desks enrolled through it or straight. Registers its own hooks: the server and
 * proxy start before the file's tests and stop after them; after each test the link is made whole
 * again (no cap, no delay, not dead, no cuts) and the test's desks are closed.
 */
export interface ThrottledServer {
  readonly server: TestServer;
  readonly proxy: ThrottleProxy;
  /** A new office with a name of its own (`${prefix} N`). */
  office(): Promise<Office>;
  /** A desk enrolled into `at`, through the proxy unless told otherwise; closed after the test. */
  desk(at: Office, throughProxy?: boolean): Promise<Desk>;
  /** Closes the desks of the test so far (for a property test's runs inside one test). */
  closeDesks(): void;
}

export function useThrottledServer(backend: Backend, prefix = 'Links office'): ThrottledServer {
  let server: TestServer | undefined;
  let proxy: ThrottleProxy | undefined;
  const desks: Desk[] = [];
  let offices = 0;
  const closeDesks = () => {
    for (const desk of desks.splice(0)) desk.close();
  };

  beforeAll(async () => {
    server = await startTestServer(backend);
    proxy = await startThrottleProxy(server.port);
  }, 120_000);
  afterAll(async () => {
    closeDesks();
    await proxy?.close();
    await server?.dispose();
  });
  afterEach(() => {
    proxy?.shape({ bitsPerSecond: Infinity, rttMs: 0 });
    proxy?.dead(false);
    proxy?.clearCuts();
    closeDesks();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useThrottledServer: used before its beforeAll ran');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get proxy() {
      return started(proxy);
    },
    office: () => newOffice(started(server), `${prefix} ${++offices}`),
    async desk(at, throughProxy = true) {
      const desk = await enrolledDesk(started(server), at, throughProxy ? { url: started(proxy).url } : {});
      desks.push(desk);
      return desk;
    },
    closeDesks,
  };
}
