/**
 * The messages between main and the core's utility process. Main sends a request per call and
 * one shutdown when the app quits; the core answers each request with an envelope under the
 * same id. Plain data only: it crosses a process boundary by structured clone.
 */
import type { Envelope } from '../shared/contract';

export interface CoreRequest {
  id: number;
  method: string;
  input: unknown;
}

/** Asks the core to close its database and exit before the app quits. */
export interface CoreShutdown {
  shutdown: true;
}

export type CoreMessage = CoreRequest | CoreShutdown;

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

export function isCoreShutdown(value: unknown): value is CoreShutdown {
  return isRecord(value) && value.shutdown === true;
}

export function isCoreReply(value: unknown): value is CoreReply {
  if (!isRecord(value) || !Number.isSafeInteger(value.id) || !isRecord(value.envelope)) return false;
  const { envelope } = value;
  return envelope.ok === true ? 'value' in envelope : envelope.ok === false && isRecord(envelope.error);
}
