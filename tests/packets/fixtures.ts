import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { ClientInput } from '../../src/shared/client';
import type { RenderResult } from '../../src/shared/contract/packets';
import type { OfficePacketSettingsInput, PacketOptionsInput } from '../../src/shared/packets';
import { createCore, type Core } from '../../src/core';

/** Cores opened by a test, closed and removed after it. */
const open: { core: Core; dir: string }[] = [];
afterEach(() => {
  for (const { core, dir } of open.splice(0)) {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** 14 March 2025, 10:00 in Belgrade: every packet of a test carries this date. */
export const NOW = new Date('2025-03-14T09:00:00Z');

export function openCore(clock: () => Date = () => NOW, at?: { dir: string; key: Buffer }): Core {
  const dir = at?.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'msc-packets-'));
  const core = createCore({ dataDir: dir, databaseKey: at?.key ?? randomBytes(32), clock, log: () => {} });
  open.push({ core, dir });
  return core;
}

/** A data folder and key to open the same database more than once in a test. */
export function dataPlace(): { dir: string; key: Buffer } {
  return { dir: fs.mkdtempSync(path.join(os.tmpdir(), 'msc-packets-')), key: randomBytes(32) };
}

/** A returnee typed in Latin, as staff usually type: lives in Voždovac (code 019 → 97 41-019). */
export const dragana: ClientInput = {
  surname: 'Jovanović',
  givenName: 'Dragana',
  parentName: 'Milan',
  jmbg: '0101990715000',
  birthPlace: 'Niš',
  birthCountry: 'Srbija',
  citizenship: 'Republika Srbija',
  phone: '064 123 4567',
  address: { place: 'Beograd', municipality: 'Voždovac', street: 'Ustanička', number: '12', flat: '4' },
  category: 'returnee_germany',
  preferredScript: 'latn',
  documents: [
    { kind: 'id_card', number: '009876543', issuedOn: '2015-05-20', expiresOn: '2025-05-20' },
    { kind: 'citizenship_certificate', number: '203-15/24', issuedOn: '2024-12-01' },
  ],
};

/** Typed in Cyrillic, prefers Cyrillic, registered at the Centre for Social Work in Novi Sad (code 223). */
export const djordje: ClientInput = {
  surname: 'Ђорђевић',
  givenName: 'Ђорђе',
  parentName: 'Љубиша',
  jmbg: '1505985800004',
  birthPlace: 'Нови Сад',
  birthCountry: 'Србија',
  address: { place: 'Нови Сад', municipality: 'Нови Сад', street: 'Футошка', number: '9' },
  residenceStatus: 'registered_csr',
  category: 'returnee_germany',
  preferredScript: 'cyrl',
};

export async function createClient(core: Core, client: ClientInput = dragana) {
  return core.call('clients.create', { client });
}

export async function render(core: Core, clientId: string, options: PacketOptionsInput) {
  const result: RenderResult = await core.call('packets.render', { clientId, options });
  if (result.status !== 'rendered')
    throw new Error(`Blocked: ${result.preflight.problems.map((p) => `${p.code} ${p.field}`).join(', ')}`);
  return { ...result, pdf: Buffer.from(result.pdfBase64, 'base64') };
}

/** A police administration's account from OFFICIAL-FACTS.md (a Beograd-Palilula page), as an office enters it. */
export const POLICE_ACCOUNT = '840-21849-56';

/** The office's packet settings (Settings → Office): by default only its police administration's account. */
export async function setOffice(core: Core, settings: OfficePacketSettingsInput = {}) {
  return core.call('packets.saveOfficeSettings', {
    settings: {
      policeAdministration: 'ПУ за град Београд',
      policeAdministrationAccount: POLICE_ACCOUNT,
      ...settings,
    },
  });
}
