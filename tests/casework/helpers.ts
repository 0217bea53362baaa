import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { Core } from '../../src/core';
import { createCasework } from '../../src/core/casework';
import { createClientService } from '../../src/core/clients/service';
import { createConsentService } from '../../src/core/consent';
import { openDatabase, type Db } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { DEFAULT_COUNSELLOR } from '../../src/shared/casework';
import { ClientInput } from '../../src/shared/client';
import { AppError } from '../../src/shared/errors';
import { useTempCore } from '../core/helpers';

/**
 * A real core on a temp database whose clock a test moves by hand: `setToday('2025-03-10')`
 * puts "now" at noon of that day, so the office's date is the same in any time zone near UTC.
 */
export function useCaseworkCore() {
  const openCore = useTempCore();
  return () => {
    let now = new Date('2025-03-10T12:00:00Z');
    const core = openCore({ clock: () => now });
    return {
      core,
      setToday(date: string, time = '12:00:00') {
        now = new Date(`${date}T${time}Z`);
      },
    };
  };
}

export async function newClient(core: Core, fields: Partial<ClientInput> = {}) {
  return core.call('clients.create', {
    client: { surname: 'Jovanović', givenName: 'Dragan', category: 'returnee_germany', ...fields },
  });
}

/** The error a call fails with (the test fails if it succeeds). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** The text of a PDF (poppler's pdftotext) and its page count and size (pdfinfo). */
export function readPdf(base64: string): { text: string; flat: string; pages: number; pageSize: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, Buffer.from(base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return {
      text,
      /** The text with every run of white space as one space, so wrapped lines still match. */
      flat: text.replace(/\s+/g, ' '),
      pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
      pageSize: /^Page size:\s+(.+)$/m.exec(info)?.[1] ?? '',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The casework pieces on a plain database file, without a core, wired as `createCore` wires
 * them: for calling core functions directly (as the packets code does with `recordPacketPrinted`).
 */
export function useCaseworkDatabase() {
  const opened: { db: Db; dir: string }[] = [];
  afterEach(() => {
    for (const { db, dir } of opened.splice(0)) {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msc-casework-'));
    const db = openDatabase(path.join(dir, 'casework.sqlite'), syncOnOpen);
    opened.push({ db, dir });
    const clock = () => new Date('2025-03-10T12:00:00Z');
    const clients = createClientService(db, clock);
    const actor = () => DEFAULT_COUNSELLOR;
    const consents = createConsentService({ db, clock, clients, actor });
    const casework = createCasework({ db, clock, clients, actor, consents });
    return {
      ctx: { db, clock, clients, casework },
      addClient: (fields: Partial<ClientInput> = {}) =>
        clients.create(
          ClientInput.parse({
            surname: 'Jovanović',
            givenName: 'Dragan',
            category: 'returnee_germany',
            ...fields,
          }),
        ),
    };
  };
}
