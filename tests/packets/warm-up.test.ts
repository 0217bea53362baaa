import { describe, expect, it } from 'vitest';
import { fontMetrics } from '../../src/core/packets/fonts';
import { createPdfRenderer } from '../../src/core/packets/pdf';
import { loadPacketResources } from '../../src/core/packets/resources';
import { warmUpPackets } from '../../src/core/packets/warm-up';
import { createClient, dragana, openCore, render } from './fixtures';
import { pdfPages } from './pdf-tools';

/**
 * Issue 12: the core warms the renderer while idle after start (not under vitest, so here it is
 * called directly). It shares the parsed fonts and shaping caches with real packets, so it must
 * leave them as it found them: a packet reprinted after it is byte for byte the one before.
 */
describe('packet warm-up', () => {
  it('draws throwaway packets of every procedure, and a reprint after it is still identical', async () => {
    const core = openCore();
    const client = await createClient(core, { ...dragana, surname: 'Ćirić-Đurđević' });
    const { packet, pdf } = await render(core, client.id, { procedure: 'id-card', registryRequests: true });

    const resources = loadPacketResources();
    await warmUpPackets(resources, fontMetrics(resources.fonts), createPdfRenderer(resources.fonts));
    // Once per process: a second call is the same promise, not more work.
    const again = warmUpPackets(resources, fontMetrics(resources.fonts), createPdfRenderer(resources.fonts));
    expect(again).toBe(
      warmUpPackets(resources, fontMetrics(resources.fonts), createPdfRenderer(resources.fonts)),
    );
    await again;

    const reprint = await core.call('packets.reprint', { packetId: packet.id });
    expect(reprint.identical).toBe(true);
    expect(pdfPages(Buffer.from(reprint.pdfBase64, 'base64')).join('\n')).toContain('Ћирић-Ђурђевић');
    expect(Buffer.from(reprint.pdfBase64, 'base64').equals(pdf)).toBe(true);
    // Nothing was written: the client still has the one packet.
    expect((await core.call('packets.list', { clientId: client.id })).items).toHaveLength(1);
  });
});
