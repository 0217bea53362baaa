import { addOffice, createEnrolmentCode } from '../../src/server/devices';
import type { Queryable } from '../../src/server/storage';
import type { Office, PushedChange } from '../../src/shared/sync';

/**
 * A device speaking the sync protocol with plain `fetch` (no desk, no transport), for the
 * server's own tests: what goes over the wire is exactly what the test wrote.
 */

let counter = 0;
export const nextNode = () => (++counter + 0x5000).toString(16).padStart(16, '0');
/** A clock stamp (without node) for `millis`, unique within the run. */
export const stampAt = (millis: number) =>
  `${millis.toString(36).padStart(9, '0')}-${(++counter % 1296).toString(36).padStart(4, '0')}`;

export interface RawAnswer<T = Record<string, unknown>> {
  status: number;
  body: T & { error?: { code: string; message: string } };
}

export async function call<T = Record<string, unknown>>(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; body?: unknown; raw?: string } = {},
): Promise<RawAnswer<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}/v1${path}`, { method, headers, body: payload });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = { unparsed: text };
  }
  return { status: response.status, body: body as RawAnswer<T>['body'] };
}

export interface RawDevice {
  token: string;
  deviceId: string;
  node: string;
  office: Office;
  push(changes: PushedChange[], now?: number): Promise<RawAnswer<PushAnswer>>;
  pull(after?: number): Promise<RawAnswer<PullAnswer>>;
}

export interface PushAnswer {
  head: number;
  accepted: number;
  duplicates: number;
  refused: {
    h: string;
    reason: string;
    status: number;
    message: string;
    field?: string;
    current: Record<string, unknown>;
  }[];
}

export interface PullAnswer {
  changes: { s: number; t: string; r: string; h: string; f?: Record<string, unknown>; k?: string }[];
  next: number;
  more: boolean;
}

export async function rawOffice(db: Queryable, name: string, centre = false): Promise<Office> {
  return addOffice(db, `${name} ${++counter}`, { centre, now: new Date() });
}

export async function rawDevice(url: string, db: Queryable, office: Office): Promise<RawDevice> {
  const { code } = await createEnrolmentCode(db, office.id, { now: new Date() });
  const node = nextNode();
  const enrolled = await call<{ token: string; deviceId: string }>(url, 'POST', '/enroll', {
    body: { code, node },
  });
  if (enrolled.status !== 200) throw new Error(`enrolment failed: ${JSON.stringify(enrolled.body)}`);
  const { token, deviceId } = enrolled.body;
  return {
    token,
    deviceId,
    node,
    office,
    push: (changes, now = Date.now()) =>
      call<PushAnswer>(url, 'POST', '/push', { token, body: { now, changes } }),
    pull: (after = 0) => call<PullAnswer>(url, 'GET', `/pull?after=${after}&limit=2000`, { token }),
  };
}
