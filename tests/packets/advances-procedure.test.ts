import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core';
import { createClient, openCore, render } from './fixtures';

let core: Core | null = null;
afterEach(() => core?.close());

describe('printing a packet and the procedure it serves', () => {
  it('moves an open residence procedure to documents gathering and lists the packet on it', async () => {
    core = openCore();
    const client = await createClient(core);
    const opened = await core.call('procedures.open', {
      clientId: client.id,
      kind: 'residence_registration',
    });
    expect(opened.status).toBe('open');

    const printed = await render(core, client.id, { procedure: 'residence', allowBlank: true });
    const procedure = await core.call('procedures.get', { id: opened.id });
    expect(procedure.status).toBe('documents_gathering');
    expect(procedure.packets.map((p) => p.packetId)).toEqual([printed.packet.id]);
  });

  it('prints for a client with no procedure of that kind without opening one', async () => {
    core = openCore();
    const client = await createClient(core);
    await render(core, client.id, { procedure: 'id-card', allowBlank: true });
    expect((await core.call('procedures.list', { clientId: client.id })).items).toEqual([]);
  });
});
