import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core';
import { createClient, NOW } from './fixtures';

let core: Core | null = null;
afterEach(() => core?.close());

/**
 * Calls run concurrently: a packet is drawn (asynchronously) while the counsellor's searches come
 * in and finish. The packet is still logged as made by the person who asked for it, not by
 * "system" because a search ended first.
 */
describe('who made a packet when other calls finish while it is drawn', () => {
  it('keeps each call’s own actor through its awaits', async () => {
    core = createCore({
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'msc-actor-')),
      databaseKey: randomBytes(32),
      clock: () => NOW,
      log: () => {},
      access: { kind: 'interactive' },
    });
    await core.call('session.setup', {
      username: 'vesna',
      displayName: 'Vesna Petrović',
      password: 'correct horse battery',
    });
    const client = await createClient(core);

    const drawing = core.call('packets.render', {
      clientId: client.id,
      options: { procedure: 'residence', allowBlank: true },
    });
    await Promise.all([1, 2, 3].map(() => core!.call('clients.search', { query: 'Drag' })));
    expect((await drawing).status).toBe('rendered');

    const { items } = await core.call('packets.list', { clientId: client.id });
    expect(items.map((p) => [p.createdBy, ...p.events.map((e) => e.by)])).toEqual([['vesna', 'vesna']]);
  });
});
