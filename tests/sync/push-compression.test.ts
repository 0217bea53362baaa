import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createLinkFit, type LinkFit } from '../../src/core/sync/link-fit';
import { createTransport, type Fetch } from '../../src/core/sync/transport';
import type { PushedChange } from '../../src/shared/sync';

/**
 * How hard the PC compresses what it pushes (transport.ts): brotli's quick quality 5 for small
 * bodies and on a fast link, where quality 10 costs more time than its bytes save; 10 otherwise.
 * Brotli is deterministic, so the body sent is compared with the body each quality makes.
 */

const changes = (count: number): PushedChange[] =>
  Array.from({ length: count }, (_, n) => ({
    h: `0000000${n.toString(36).padStart(2, '0')}-0000`,
    t: 'clients',
    r: `client-${n}`,
    f: { surname: `Prezime ${n}`, given_name: 'Ana', category: 'returnee_germany', phone: `064 ${n}` },
  }));

const atQuality = (text: Buffer, quality: number) =>
  brotliCompressSync(text, {
    params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: text.length },
  });

/** The body one push sends through `fit`, and what it decodes to. */
async function sentBody(count: number, fit: LinkFit): Promise<{ sent: Buffer; text: Buffer }> {
  let sent: Buffer | null = null;
  const fetchImpl: Fetch = async (_url, init) => {
    expect((init.headers as Record<string, string>)['content-encoding']).toBe('br');
    sent = Buffer.from(init.body as Uint8Array);
    return new Response(JSON.stringify({ head: 0, accepted: count, duplicates: 0, refused: [], time: 0 }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  const link = createTransport({
    serverUrl: 'http://127.0.0.1:9',
    token: 'x'.repeat(32),
    fetch: fetchImpl,
    fit,
  });
  await link.push({ now: 0, changes: changes(count) }).catch(() => {});
  expect(sent).not.toBeNull();
  return { sent: sent!, text: brotliDecompressSync(sent!) };
}

/** A link that has measured its uplink at `bytesPerSecond`. */
function measured(bytesPerSecond: number): LinkFit {
  const fit = createLinkFit();
  fit.observe({ up: bytesPerSecond, down: 0, decoded: 0, sendMs: 1000, receiveMs: 0 });
  return fit;
}

describe('push bodies', () => {
  it('are compressed at quality 5 when small, whatever the link', async () => {
    const { sent, text } = await sentBody(8, createLinkFit());
    expect(text.length).toBeLessThan(4 * 1024);
    expect(sent.equals(atQuality(text, 5))).toBe(true);
  });

  it('are compressed at quality 10 on an unmeasured or slow link, and at 5 on a fast one', async () => {
    for (const [fit, quality] of [
      [createLinkFit(), 10],
      [measured(8 * 1024), 10], // 64 kbit/s
      [measured(2 * 1024 * 1024), 5], // 16 Mbit/s
    ] as const) {
      const { sent, text } = await sentBody(400, fit);
      expect(text.length).toBeGreaterThan(40 * 1024);
      expect(sent.equals(atQuality(text, quality))).toBe(true);
      expect(sent.equals(atQuality(text, quality === 5 ? 10 : 5))).toBe(false);
    }
  });
});
