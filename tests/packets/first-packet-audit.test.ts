import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import type * as PdfModule from '../../src/core/packets/pdf';
import { dataPlace, dragana, openCore, render } from './fixtures';

/**
 * The first packet of a data folder makes the office's page-code key. The key is written with
 * the packet, in the packet's own transaction, so the print's audit entry (written with the
 * call's first committed write) goes with the packet row: drawing that fails, or a kill -9 while
 * drawing, leaves neither the entry nor a key, never a "print" entry with no packet.
 */

const drawing = vi.hoisted(() => ({ fails: false }));
vi.mock('../../src/core/packets/pdf', async (importOriginal) => {
  const real = await importOriginal<typeof PdfModule>();
  return {
    ...real,
    createPdfRenderer: (...args: Parameters<typeof real.createPdfRenderer>) => {
      const renderPdf = real.createPdfRenderer(...args);
      return async (doc: Parameters<typeof renderPdf>[0]) => {
        if (drawing.fails) throw new Error('killed while drawing');
        return renderPdf(doc);
      };
    },
  };
});

describe('the first packet of a data folder', () => {
  it('commits no print entry and no key when drawing fails; the next print commits all three together', async () => {
    const place = dataPlace();
    const core = openCore(undefined, place);
    const client = await core.call('clients.create', { client: dragana });
    const db = openDatabase(path.join(place.dir, DATABASE_FILE), { key: place.key, ...syncOnOpen });
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const committed = () => ({
      packets: count('SELECT count(*) FROM packets'),
      printEntries: count("SELECT count(*) FROM audit_log WHERE method = 'packets.render'"),
      keys: count('SELECT count(*) FROM page_code_keys'),
    });
    try {
      expect(committed()).toEqual({ packets: 0, printEntries: 0, keys: 0 });

      drawing.fails = true;
      await expect(
        core.call('packets.render', { clientId: client.id, options: { procedure: 'residence' } }),
      ).rejects.toThrow();
      expect(committed()).toEqual({ packets: 0, printEntries: 0, keys: 0 });

      drawing.fails = false;
      const first = await render(core, client.id, { procedure: 'residence' });
      expect(committed()).toEqual({ packets: 1, printEntries: 1, keys: 1 });
      // The key the pages were coded with is the one kept: a reprint gives the same bytes.
      expect((await core.call('packets.reprint', { packetId: first.packet.id })).identical).toBe(true);

      const second = await render(core, client.id, { procedure: 'residence' });
      expect(committed()).toEqual({ packets: 2, printEntries: 2, keys: 1 });
      expect((await core.call('packets.reprint', { packetId: second.packet.id })).identical).toBe(true);
    } finally {
      db.close();
    }
  }, 120_000);
});
