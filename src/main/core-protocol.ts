/**
 * The messages between main and the core's utility process. Main sends the database key first
 * (never in argv or env, which other processes of the account can read), then a request per call
 * and one shutdown when the app quits; the core answers each request with an envelope under the
 * same id. Plain data only: it crosses a process boundary by structured clone.
 */
import type { Envelope } from '../shared/contract';

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

/** Asks the core to close its database and exit before the app quits. */
export interface CoreShutdown {
  shutdown: true;
}

export type CoreMessage = CoreKey | CoreRequest | CoreShutdown;

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
