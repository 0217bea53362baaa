/**
 * Sizes of pages and batches that fit the link (issue 17): measured from every exchange, so a
 * slow mobile line gets small pages (a cut loses little, each page shows progress) and a fast
 * one large pages (few round trips). Sizes are bytes before compression — what the server and
 * the push batcher can count — from the link's measured rate and compression.
 */

/**
 * How long one page or batch should take on the wire: long enough that the round trip each
 * costs is small beside it (600 ms on a mobile line, and the server's work on the page), short
 * enough to show progress. A cut costs only the line it falls in (the feed keeps what arrived),
 * so pages need not be small; a push batch cut part-way goes again whole, so batches are smaller.
 */
const TARGET_SECONDS = { pull: 15, push: 6 };
const LIMITS = {
  pull: { start: 64 * 1024, min: 4 * 1024, max: 4 * 1024 * 1024 },
  push: { start: 64 * 1024, min: 4 * 1024, max: 2 * 1024 * 1024 },
};
/** A new measurement may grow a size at most this much at once (one lucky fast answer is not the link). */
const MAX_GROWTH = 8;
/**
 * The server compresses pages up to 160 KiB with brotli's best quality and larger ones with a
 * fast setting that sends about a sixth more bytes (src/server/feed.ts). On a very slow line
 * (16 kbit/s) the bytes are nearly all of the time, so pages stay just under that size there:
 * where such a page takes at least `SLOW_PAGE_SECONDS` on the wire.
 */
export const BEST_COMPRESSION_BYTES = 159 * 1024;
const SLOW_PAGE_SECONDS = 8;

export interface Observation {
  up: number;
  down: number;
  /** Decoded body bytes received. */
  decoded: number;
  /** From the start of the request to its answer's first byte (sending and the server's work). */
  sendMs: number;
  /** From the answer's first byte to its last. */
  receiveMs: number;
}

export function createLinkFit() {
  let downRate: number | null = null; // wire bytes per second
  let upRate: number | null = null;
  let ratio = 4; // decoded / wire bytes, the compression the link sees
  let pullBytes = LIMITS.pull.start;
  let pushBytes = LIMITS.push.start;

  const blend = (old: number | null, fresh: number) => (old === null ? fresh : old * 0.5 + fresh * 0.5);
  const clamp = (n: number, l: { min: number; max: number }) =>
    Math.round(Math.min(l.max, Math.max(l.min, n)));

  return {
    observe(o: Observation): void {
      // Small exchanges measure the round trip, not the bandwidth.
      if (o.down >= 2048 && o.receiveMs > 0)
        downRate = blend(downRate, (o.down * 1000) / Math.max(o.receiveMs, 1));
      if (o.up >= 2048 && o.sendMs > 0) upRate = blend(upRate, (o.up * 1000) / Math.max(o.sendMs, 1));
      if (o.down >= 2048 && o.decoded > 0) ratio = blend(ratio, o.decoded / o.down);
      const fitted = (rate: number, current: number, seconds: number) =>
        Math.min(current * MAX_GROWTH, rate * seconds * ratio);
      if (downRate !== null) {
        const slow = BEST_COMPRESSION_BYTES / (downRate * ratio) >= SLOW_PAGE_SECONDS;
        const size = fitted(downRate, pullBytes, TARGET_SECONDS.pull);
        pullBytes = clamp(slow ? Math.min(size, BEST_COMPRESSION_BYTES) : size, LIMITS.pull);
      }
      if (upRate !== null) pushBytes = clamp(fitted(upRate, pushBytes, TARGET_SECONDS.push), LIMITS.push);
    },
    /** Bytes (before compression) to ask for in the next pull page. */
    pullBytes: () => pullBytes,
    /** Characters of JSON for the next push batch. */
    pushBytes: () => pushBytes,
    /** Measured rates (wire bytes per second), for the bench and the status. */
    rates: () => ({ downRate, upRate, ratio }),
  };
}

export type LinkFit = ReturnType<typeof createLinkFit>;
