import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core';
import { templateRowId } from '../../src/core/packets/log';
import { AppError } from '../../src/shared/errors';
import { dragana, render } from './fixtures';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { enrolledDesk, newOffice, type Desk } from '../sync/helpers';

/**
 * A packet printed on one PC of the office is reprinted on another, byte for byte: the template
 * contents it was made with travel with sync under ids every PC derives alike, so a PC that
 * made the same template row itself (it printed too) holds the very row the packet names.
 */

async function printed(core: Core, surname: string) {
  const client = await core.call('clients.create', { client: { ...dragana, surname, jmbg: null } });
  const result = await render(core, client.id, { procedure: 'residence', allowBlank: true });
  return { client, packet: result.packet, pdf: result.pdf };
}

const sha256 = (base64: string) => createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');

describe.each(backends)('reprint on another PC of the office (%s)', (backend) => {
  let server: TestServer;
  const desks: Desk[] = [];

  beforeAll(async () => {
    server = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => server?.dispose());
  afterEach(() => {
    for (const desk of desks.splice(0)) desk.close();
  });

  it('reprints on B, byte for byte, a packet printed on A, though B printed with the same templates first', async () => {
    const office = await newOffice(server, `Valjevo ${backend}`);
    const a = await enrolledDesk(server, office);
    const b = await enrolledDesk(server, office);
    desks.push(a, b);

    // Both print before they have synced, so each makes template rows of its own.
    const onA = await printed(a.core, 'Marković');
    const onB = await printed(b.core, 'Stanković');
    await a.core.call('sync.run', {});
    await b.core.call('sync.run', {});
    await a.core.call('sync.run', {});

    const rowsOf = (desk: Desk) =>
      desk.db.prepare('SELECT id, template_id, version, sha256 FROM packet_templates ORDER BY id').all();
    expect(rowsOf(b)).toEqual(rowsOf(a));

    const again = await b.core.call('packets.reprint', { packetId: onA.packet.id });
    expect(again.identical).toBe(true);
    expect(sha256(again.pdfBase64)).toBe(onA.packet.sha256);
    expect(Buffer.from(again.pdfBase64, 'base64').equals(onA.pdf)).toBe(true);
    // And the other way round.
    const back = await a.core.call('packets.reprint', { packetId: onB.packet.id });
    expect(sha256(back.pdfBase64)).toBe(onB.packet.sha256);
  }, 240_000);

  it('uses the installed template when it is the same content; says in words, not a ZodError, when none is', async () => {
    const office = await newOffice(server, `Šabac ${backend}`);
    const a = await enrolledDesk(server, office);
    desks.push(a);
    const onA = await printed(a.core, 'Petrović');
    // As if the template rows had not arrived (a packet synced before its templates): this PC
    // has the very same template versions installed, so the reprint is still the same bytes.
    a.db.exec('DELETE FROM packet_templates');
    const same = await a.core.call('packets.reprint', { packetId: onA.packet.id });
    expect(sha256(same.pdfBase64)).toBe(onA.packet.sha256);

    // A template version this PC has neither received nor installed (another PC's newer release).
    a.db
      .prepare('UPDATE packets SET template_rows = ? WHERE id = ?')
      .run(JSON.stringify([templateRowId('procedure:residence', 999, 'f'.repeat(64))]), onA.packet.id);
    const error = await a.core.call('packets.reprint', { packetId: onA.packet.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('NOT_FOUND');
    expect((error as AppError).detail).toMatchObject({ reason: 'templates_missing' });
    expect((error as AppError).message).toMatch(/template/i);
    expect((error as AppError).message).not.toMatch(/zod|invalid_type|expected/i);

    // The page-code key the packet was coded with has not arrived: refused in words too.
    const other = await printed(a.core, 'Ilić');
    a.db.exec('DELETE FROM page_code_keys');
    const noKey = await a.core
      .call('packets.reprint', { packetId: other.packet.id })
      .catch((e: unknown) => e);
    expect(noKey).toBeInstanceOf(AppError);
    expect((noKey as AppError).detail).toMatchObject({ reason: 'page_code_key_missing' });
  }, 240_000);
});
