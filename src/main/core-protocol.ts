/**
 * The messages between main and the core's utility process. Main sends the database key first
 * (never in argv or env, which other processes of the account can read), then a request per call
 * and one shutdown when the app quits; the core answers each request with an envelope under the
 * same id. Plain data only: it crosses a process boundary by structured clone.
 */
import type { Envelope } from '../shared/contract';
import type { AppErrorShape } from '../shared/errors';

export interface CoreRequest {
  id: number;
  method: string;
  input: unknown;
}

/** The database key as 64 hex digits; the first message to every core process main starts. */
export interface CoreKey {
  type: 'key';
  keyHex: string;
}

/**
 * Before main has a key it trusts: does this one open the database? (A key file to adopt, the
 * recovery key, the key under the start-up passphrase.) Answered without opening the core, so
 * SQLite loads only in the utility process, never in main.
 */
export interface CoreKeyCheck {
  type: 'key-check';
  id: number;
  keyHex: string;
}

/** The answer; `failure` when the database could not be tried at all (a SQLite module that will not load). */
export interface CoreKeyCheckAnswer {
  type: 'key-check-answer';
  id: number;
  opens: boolean;
  failure?: AppErrorShape;
}

/** Asks the core to close its database and exit before the app quits. */
export interface CoreShutdown {
  shutdown: true;
}

/** The core asks where the system sends a connection to `url` (for a pinned sync server). */
export interface CoreProxyQuery {
  type: 'proxy-query';
  id: number;
  url: string;
}

/** Main's answer in Chromium's words: "DIRECT", "PROXY host:port; DIRECT", … */
export interface CoreProxyAnswer {
  type: 'proxy-answer';
  id: number;
  proxy: string;
}

export type CoreMessage = CoreKey | CoreKeyCheck | CoreRequest | CoreShutdown | CoreProxyAnswer;

export interface CoreReply {
  id: number;
  envelope: Envelope;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isCoreRequest(value: unknown): value is CoreRequest {
  return isRecord(value) && Number.isSafeInteger(value.id) && typeof value.method === 'string';
}

export function isCoreKey(value: unknown): value is CoreKey {
  return (
    isRecord(value) &&
    value.type === 'key' &&
    typeof value.keyHex === 'string' &&
    /^[0-9a-f]{64}$/i.test(value.keyHex)
  );
}

export function isCoreShutdown(value: unknown): value is CoreShutdown {
  return isRecord(value) && value.shutdown === true;
}

export function isCoreReply(value: unknown): value is CoreReply {
  if (!isRecord(value) || !Number.isSafeInteger(value.id) || !isRecord(value.envelope)) return false;
  const { envelope } = value;
  return envelope.ok === true ? 'value' in envelope : envelope.ok === false && isRecord(envelope.error);
}

export function isCoreProxyQuery(value: unknown): value is CoreProxyQuery {
  return (
    isRecord(value) &&
    value.type === 'proxy-query' &&
    Number.isSafeInteger(value.id) &&
    typeof value.url === 'string' &&
    /^https?:\/\//.test(value.url)
  );
}

export function isCoreProxyAnswer(value: unknown): value is CoreProxyAnswer {
  return (
    isRecord(value) &&
    value.type === 'proxy-answer' &&
    Number.isSafeInteger(value.id) &&
    typeof value.proxy === 'string'
  );
}

const KEY_HEX = /^[0-9a-f]{64}$/i;

export function isCoreKeyCheck(value: unknown): value is CoreKeyCheck {
  return (
    isRecord(value) &&
    value.type === 'key-check' &&
    Number.isSafeInteger(value.id) &&
    typeof value.keyHex === 'string' &&
    KEY_HEX.test(value.keyHex)
  );
}

export function isCoreKeyCheckAnswer(value: unknown): value is CoreKeyCheckAnswer {
  return (
    isRecord(value) &&
    value.type === 'key-check-answer' &&
    Number.isSafeInteger(value.id) &&
    typeof value.opens === 'boolean' &&
    (value.failure === undefined || isRecord(value.failure))
  );
}
