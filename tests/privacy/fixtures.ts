import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createCore, type Core } from '../../src/core';
import { DATABASE_FILE, openDatabase, type Db } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { privacyHandlers, type PrivacyHandlers } from '../../src/core/privacy/handlers';
import { keyFileFor, parseKey } from '../../src/core/security/keys';
import type { ClientInput } from '../../src/shared/client';

/**
 * An office as the app opens it (the key in its key file outside the data folder), a person with
 * a full file of casework, and a way to read every stored value of the decrypted database.
 */

// Key files go to a temp folder, never to the user's real key folder.
process.env.MSC_DESK_KEY_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'msc-privacy-keys-'));

export const NOW = new Date('2025-03-14T09:00:00Z');

export interface Office {
  core: Core;
  dir: string;
  /** A second connection, as the privacy calls use until they are registered in the contract. */
  db: Db;
  privacy: PrivacyHandlers;
}

const opened: { office: Office }[] = [];
afterEach(() => {
  for (const { office } of opened.splice(0)) {
    office.db.close();
    office.core.close();
    fs.rmSync(office.dir, { recursive: true, force: true });
  }
});

/** The database key exactly as the web host and CLI find it: the data folder's key file. */
export function officeKey(dir: string): Buffer {
  return parseKey(fs.readFileSync(keyFileFor(dir), 'utf8'));
}

export function openOffice(clock: () => Date = () => NOW): Office {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-privacy-'));
  const core = createCore({ dataDir: dir, clock, log: () => {}, automaticBackups: false });
  const db = openDatabase(path.join(dir, DATABASE_FILE), { key: officeKey(dir), ...syncOnOpen });
  const office = { core, dir, db, privacy: privacyHandlers({ db, clock }) };
  opened.push({ office });
  return office;
}

/** What is written about the person; each value is distinctive, so finding it anywhere is a leak. */
export const SECRETS = {
  surname: 'Vukašinović',
  givenName: 'Zorislava',
  parentName: 'Radosav',
  jmbg: '0101990715000',
  phone: '064 987 1122',
  phoneDigits: '0649871122',
  street: 'Bulevar Zmaja 77',
  notes: 'Beleška-7Q: plaši se povratka u Nemačku',
  documentNumber: '009911223',
  serviceNote: 'usluga-tajna-31',
  procedureNote: 'postupak-tajna-42',
  eventNote: 'tok-tajna-43',
  referralReason: 'uput-tajna-55',
  outcomeNote: 'ishod-tajna-56',
  appointmentPurpose: 'termin-tajna-88',
} as const;

/** The same names as the search index folds them (no diacritics, lower case). */
export const FOLDED = ['vukasinovic', 'zorislava', 'radosav'] as const;

export const person: ClientInput = {
  surname: SECRETS.surname,
  givenName: SECRETS.givenName,
  parentName: SECRETS.parentName,
  jmbg: SECRETS.jmbg,
  birthPlace: 'Kraljevo',
  birthCountry: 'Srbija',
  citizenship: 'Republika Srbija',
  phone: SECRETS.phone,
  address: { place: 'Kraljevo', municipality: 'Kraljevo', street: SECRETS.street, number: '3' },
  category: 'returnee_germany',
  returnDate: '2024-11-02',
  returnCountry: 'Nemačka',
  readmission: true,
  notes: SECRETS.notes,
  preferredScript: 'cyrl',
  documents: [
    { kind: 'id_card', number: SECRETS.documentNumber, issuedOn: '2015-05-20', expiresOn: '2025-05-20' },
  ],
};

export const relative: ClientInput = {
  surname: 'Stojadinović',
  givenName: 'Borivoje',
  category: 'returnee_germany',
  preferredScript: 'latn',
};

/** The person with a service, a procedure that moved on, a referral, an appointment, a relative and a printed packet. */
export async function personWithCasework(core: Core) {
  const client = await core.call('clients.create', { client: person });
  const brother = await core.call('clients.create', { client: relative });
  await core.call('services.log', {
    clientId: client.id,
    kind: 'counselling',
    servedOn: '2025-03-10',
    note: SECRETS.serviceNote,
  });
  const procedure = await core.call('procedures.open', {
    clientId: client.id,
    kind: 'id_card',
    openedOn: '2025-03-10',
    note: SECRETS.procedureNote,
  });
  await core.call('procedures.advance', {
    id: procedure.id,
    to: 'submitted',
    on: '2025-03-12',
    note: SECRETS.eventNote,
  });
  const partner = (await core.call('partners.list', {})).items[0]!;
  const referral = await core.call('referrals.create', {
    clientId: client.id,
    partnerId: partner.id,
    referredOn: '2025-03-11',
    reason: SECRETS.referralReason,
    consent: { given: true },
  });
  await core.call('referrals.update', {
    id: referral.id,
    status: 'closed',
    outcome: 'resolved',
    outcomeNote: SECRETS.outcomeNote,
  });
  await core.call('appointments.book', {
    clientId: client.id,
    date: '2025-03-20',
    purpose: SECRETS.appointmentPurpose,
  });
  await core.call('household.link', {
    clientId: client.id,
    relatedClientId: brother.id,
    relation: 'sibling',
  });
  const render = await core.call('packets.render', {
    clientId: client.id,
    options: { procedure: 'id-card', allowBlank: true },
  });
  if (render.status !== 'rendered') throw new Error('The packet for the test person did not render');
  return { client, brother, procedure, referral, partner, packet: render.packet };
}

/**
 * Every stored value of every table — text, and the bytes of blobs (the search index's segments)
 * — with where it was found, for asserting that something occurs nowhere.
 */
export interface Finding {
  table: string;
  column: string;
  needle: string;
}

export function findEverywhere(db: Db, needles: readonly string[]): Finding[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  const lowered = needles.map((needle) => needle.toLowerCase());
  const found: Finding[] = [];
  for (const { name } of tables) {
    const rows = db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all() as Record<
      string,
      unknown
    >[];
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        const textValue =
          typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('latin1') : null;
        if (textValue === null) continue;
        const haystack = typeof value === 'string' ? textValue.toLowerCase() : textValue;
        for (const [i, needle] of lowered.entries()) {
          const inBlob = Buffer.isBuffer(value) && value.includes(Buffer.from(needles[i]!, 'utf8'));
          if (inBlob || (typeof value === 'string' && haystack.includes(needle)))
            found.push({ table: name, column, needle: needles[i]! });
        }
      }
    }
  }
  return found;
}
