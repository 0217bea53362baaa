/**
 * Hybrid logical clock (DESIGN.md §3): wall-clock milliseconds, a counter for events within one
 * millisecond (or while the wall clock lags a time already seen), and the id of the device that
 * made the stamp. Stamps compare as plain strings, so SQL and JavaScript order them alike:
 *
 *   `<millis: 9 base-36 digits>-<counter: 4 base-36 digits>-<node: 16 hex digits>`
 *
 * A stamp is unique per device (its node never issues the same millis and counter twice), so it
 * is also the change's id: a replayed change carries the same stamp and is recognised.
 */

export interface Hlc {
  millis: number;
  counter: number;
  node: string;
}

const MILLIS_DIGITS = 9;
const COUNTER_DIGITS = 4;
export const MAX_COUNTER = 36 ** COUNTER_DIGITS - 1;
const MAX_MILLIS = 36 ** MILLIS_DIGITS - 1;

export const NODE_PATTERN = /^[0-9a-f]{16}$/;
/** A stamp without its node, as a device sends its own changes (the server knows the node). */
export const LOCAL_STAMP_PATTERN = /^[0-9a-z]{9}-[0-9a-z]{4}$/;
export const HLC_PATTERN = /^[0-9a-z]{9}-[0-9a-z]{4}-[0-9a-f]{16}$/;

export function formatHlc({ millis, counter, node }: Hlc): string {
  if (!Number.isInteger(millis) || millis < 0 || millis > MAX_MILLIS)
    throw new RangeError(`HLC millis out of range: ${millis}`);
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER)
    throw new RangeError(`HLC counter out of range: ${counter}`);
  if (!NODE_PATTERN.test(node)) throw new RangeError(`HLC node must be 16 hex digits: ${node}`);
  return `${localStamp(millis, counter)}-${node}`;
}

function localStamp(millis: number, counter: number): string {
  return `${millis.toString(36).padStart(MILLIS_DIGITS, '0')}-${counter.toString(36).padStart(COUNTER_DIGITS, '0')}`;
}

export function parseHlc(text: string): Hlc | null {
  if (!HLC_PATTERN.test(text)) return null;
  const [millis = '', counter = '', node = ''] = text.split('-');
  return { millis: parseInt(millis, 36), counter: parseInt(counter, 36), node };
}

/** The stamp without its node (`9 digits-4 digits`). */
export function stripNode(hlc: string): string {
  return hlc.slice(0, MILLIS_DIGITS + 1 + COUNTER_DIGITS);
}

/** Where a stamp's node starts (after `millis-counter-`). */
export const NODE_AT = MILLIS_DIGITS + COUNTER_DIGITS + 2;

export function nodeOf(hlc: string): string {
  return hlc.slice(NODE_AT);
}

export function withNode(stamp: string, node: string): string {
  return `${stamp}-${node}`;
}

/**
 * The stamp for a new local event: later than `last` (every stamp this device issued or saw),
 * and at the wall clock when that is later still.
 */
export function tickHlc(last: Hlc | null, now: number, node: string): Hlc {
  const wall = Math.max(0, Math.floor(now));
  if (!last || wall > last.millis) return { millis: wall, counter: 0, node };
  if (last.counter < MAX_COUNTER) return { millis: last.millis, counter: last.counter + 1, node };
  // The counter is spent within one millisecond: borrow the next one (still unique and ordered).
  return { millis: last.millis + 1, counter: 0, node };
}

/**
 * What the clock remembers after seeing a stamp from elsewhere: the later of the two, so the next
 * local stamp is later than anything this device has seen (a later edit wins over what it saw).
 */
export function observeHlc(last: Hlc | null, remote: Hlc): Hlc {
  if (!last) return { ...remote };
  return compareHlc(remote, last) > 0
    ? { millis: remote.millis, counter: remote.counter, node: last.node }
    : last;
}

/** Orders by time then counter (the node only breaks exact ties, as the string form does). */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.millis !== b.millis) return a.millis < b.millis ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}
