/**
 * src/shared — what every process agrees on, and the one folder all of them import: the zod
 * schemas that are the types (client.ts, casework, packets …), the pure rules both ends apply
 * (jmbg.ts, dates.ts, script.ts, payment/, sync/), error values (errors.ts), the locales, and this
 * contract. It runs in the core, the hosts and the browser page alike, so it imports only zod and
 * itself, never Node (src/shared/node is the exception, for the Node layers; eslint.config.js
 * keeps both rules). There is no src/shared/index.ts: each file is imported by name.
 *
 * The contract: every call the UI, the CLI and the tests can make of the core, with zod schemas
 * for what goes in and what comes out. Hosts (Electron preload, web host, CLI) relay calls by
 * name and validate input against these schemas; the core validates again and never trusts its
 * caller.
 */
import type { z } from 'zod';
import { AppError, type AppErrorShape } from '../errors';
import { backupCalls } from './backups';
import { caseworkCalls } from './casework';
import { clientCalls } from './clients';
import { consentCalls } from './consent';
import { importCalls } from './imports';
import { officeCalls } from './office';
import { packetCalls } from './packets';
import { privacyCalls } from './privacy';
import { documentCalls } from './documents';
import { securityCalls } from './security';
import { syncCalls } from './sync';
import { systemCalls } from './system';

export const contract = {
  ...systemCalls,
  ...securityCalls,
  ...officeCalls,
  ...backupCalls,
  ...clientCalls,
  ...importCalls,
  ...caseworkCalls,
  ...consentCalls,
  ...packetCalls,
  ...privacyCalls,
  ...documentCalls,
  ...syncCalls,
};

export type Contract = typeof contract;
export type Method = keyof Contract;
/** What a caller passes (defaults may be left out). */
export type CallInput<M extends Method> = z.input<Contract[M]['input']>;
/** What the core receives after the schema filled defaults and normalised values. */
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type CallOutput<M extends Method> = z.output<Contract[M]['output']>;

export const methods = Object.keys(contract) as Method[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** One typed entry point into the core, as the UI and tests use it. */
export interface Api {
  call<M extends Method>(method: M, input: CallInput<M>): Promise<CallOutput<M>>;
}

/** How a result crosses a process or network boundary (errors lose their class on the way). */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/**
 * What a host puts on `window.api`: the Electron preload relays to main over IPC, the web host's
 * browser shim posts to 127.0.0.1. Both answer with envelopes; `apiOverBridge` makes them typed.
 */
export interface Bridge {
  invoke(method: string, input: unknown): Promise<Envelope>;
}

export function apiOverBridge(bridge: Bridge): Api {
  return {
    async call(method, input) {
      const envelope = await bridge.invoke(method, input);
      if (!envelope.ok) throw AppError.fromShape(envelope.error);
      return envelope.value as never;
    },
  };
}
