import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '../../src/core';
import { newClient } from '../casework/helpers';
import { useTempCore } from '../core/helpers';

/**
 * A real core on a temp database whose clock a test moves by hand (noon of `setToday`'s day),
 * with a client and a partner to refer them to.
 */
export function useConsentCore() {
  const openCore = useTempCore();
  return async (options: { interactive?: boolean } = {}) => {
    let now = new Date('2025-03-10T12:00:00Z');
    const core = openCore({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'msc-consent-')),
      clock: () => now,
      ...(options.interactive ? { access: { kind: 'interactive' as const } } : {}),
    });
    const setToday = (date: string) => {
      now = new Date(`${date}T12:00:00Z`);
    };
    if (options.interactive) await signInAsAdminWithCounsellor(core);
    const client = await newClient(core, {
      surname: 'Đorđević',
      givenName: 'Ljubica',
      birthDate: '1985-06-02',
      jmbg: '0101900350008',
      jmbgOverrideReason: 'Copied from an old card',
      preferredScript: 'cyrl',
    });
    const [partner] = (await core.call('partners.list', { city: 'Niš', kind: 'csr' })).items;
    if (!partner) throw new Error('the seeded partners include a centre for social work in Niš');
    return { core, client, partner, setToday };
  };
}

export const ADMIN = { username: 'admin', displayName: 'Office Admin', password: 'correct horse battery' };
export const COUNSELLOR = { username: 'mira', password: 'counsellor pass 1' };

async function signInAsAdminWithCounsellor(core: Core) {
  await core.call('session.setup', ADMIN);
  await core.call('users.create', {
    username: COUNSELLOR.username,
    displayName: 'Mira',
    role: 'counsellor',
    password: COUNSELLOR.password,
  });
}

export async function signInAs(core: Core, who: { username: string; password: string }) {
  await core.call('session.logout', {});
  await core.call('session.login', { username: who.username, password: who.password });
}
