import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core';
import type { OfficeProfileInput } from '../../src/shared/contract/office';
import { AppError } from '../../src/shared/errors';
import { newClient, readPdf } from '../casework/helpers';
import { useTempCore } from './helpers';

const openCore = useTempCore();

const ADMIN = { username: 'admin', displayName: 'Office Admin', password: 'correct horse battery' };
const COUNSELLOR = { username: 'mira', password: 'counsellor pass 1' };
const AUDITOR = { username: 'dpo', password: 'auditor pass 12' };

const NIS: OfficeProfileInput = {
  name: 'MSC Niš',
  city: 'Niš',
  municipality: 'Medijana',
  municipalityCode: '',
  packetScript: 'latn',
};

/** A desktop-like core (people sign in) on a fresh database, at a fixed day. */
function interactiveCore(): Core {
  return openCore({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'msc-office-')),
    access: { kind: 'interactive' },
    clock: () => new Date('2026-03-02T10:00:00Z'),
  });
}

/** The error a call fails with (the test fails if it succeeds). */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function municipality(core: Core, name: string) {
  const { items } = await core.call('municipalities.list', {});
  return items.find((m) => m.name === name);
}

async function signInAs(core: Core, who: { username: string; password: string }) {
  await core.call('session.logout', {});
  await core.call('session.login', who);
}

describe('first-run setup with the office', () => {
  it('creates the admin and the office profile together, with the rest of the wizard pending', async () => {
    const core = interactiveCore();
    const { user } = await core.call('session.setup', { ...ADMIN, office: NIS });
    expect(user.role).toBe('admin');

    const profile = await core.call('office.profile', {});
    expect(profile).toMatchObject({
      name: 'MSC Niš',
      city: 'Niš',
      packetScript: 'latn',
      setupPending: true,
    });
    // Typed "Medijana", resolved to the Treasury list's row (which spells it "Mediana"), code 128.
    expect(profile.municipality).toMatchObject({
      name: 'Mediana',
      nameCyrl: 'Медијана',
      city: 'Niš',
      code: '128',
    });

    // The name and city are this office's row: the dashboard shows them, not a copy.
    const { items } = await core.call('offices.list', {});
    expect(items.find((office) => office.isDefault)).toMatchObject({ name: 'MSC Niš', city: 'Niš' });

    expect((await core.call('office.finishSetup', {})).setupPending).toBe(false);
    expect((await core.call('office.profile', {})).setupPending).toBe(false);
  });

  it('leaves no account and no office when the office names a municipality not in the codes', async () => {
    const core = interactiveCore();
    const error = await refusal(
      core.call('session.setup', { ...ADMIN, office: { ...NIS, municipality: 'Atlantida' } }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual({ 'office.municipality': 'Not in the municipality list' });
    expect((await core.call('session.status', {})).setupNeeded).toBe(true);

    // The same person can try again: the username was not taken by a half-made account.
    await core.call('session.setup', { ...ADMIN, office: NIS });
    expect((await core.call('users.list', {})).map((u) => u.username)).toEqual(['admin']);
  });

  it('refuses an office with an empty name before creating anything, naming the field', async () => {
    const core = interactiveCore();
    const error = await refusal(core.call('session.setup', { ...ADMIN, office: { ...NIS, name: '  ' } }));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields?.['office.name']).toBe('Required');
    expect((await core.call('session.status', {})).setupNeeded).toBe(true);
  });

  it('saves a code missing from the municipality codes with the office, as a new version', async () => {
    const core = interactiveCore();
    // Vranjska Banja is not on the Treasury list (issue 12: its code stays empty and asks).
    const VRANJE = { ...NIS, city: 'Vranje', municipality: 'Vranjska Banja' };
    expect((await municipality(core, 'Vranjska Banja'))?.code).toBeNull();
    await core.call('session.setup', { ...ADMIN, office: { ...VRANJE, municipalityCode: '728' } });

    const entry = await municipality(core, 'Vranjska Banja');
    expect(entry).toMatchObject({ code: '728', effectiveFrom: '2026-03-02', verify: false, seeded: false });
    expect(entry?.source).toContain('office admin');
    expect((await core.call('office.profile', {})).municipality?.code).toBe('728');
    // The seeded version is kept beside it: nothing is overwritten.
    const history = await core.call('municipalities.list', { history: true });
    expect(history.items.filter((m) => m.name === 'Vranjska Banja').map((m) => m.code)).toEqual([
      '728',
      null,
    ]);
  });

  it('keeps the old first run (no office) working, with nothing pending', async () => {
    const core = interactiveCore();
    await core.call('session.setup', ADMIN);
    const profile = await core.call('office.profile', {});
    expect(profile.setupPending).toBe(false);
    expect(profile.municipality).toBeNull();
    expect(profile.packetScript).toBe('cyrl');
  });
});

describe('the office profile later, in Settings', () => {
  async function officeWithStaff(): Promise<Core> {
    const core = interactiveCore();
    await core.call('session.setup', { ...ADMIN, office: NIS });
    await core.call('users.create', { ...COUNSELLOR, displayName: 'Mira', role: 'counsellor' });
    await core.call('users.create', { ...AUDITOR, displayName: 'Auditor', role: 'auditor' });
    return core;
  }

  it('lets an admin change it, and the audit trail says so without the names', async () => {
    const core = await officeWithStaff();
    const saved = await core.call('office.saveProfile', {
      office: { name: 'MSC Beograd', city: 'Beograd', municipality: 'Voždovac', packetScript: 'cyrl' },
    });
    expect(saved).toMatchObject({ name: 'MSC Beograd', city: 'Beograd', packetScript: 'cyrl' });
    expect(saved.municipality).toMatchObject({ name: 'Voždovac', code: '019' });

    const [entry] = (await core.call('audit.list', { action: 'settings', limit: 1 })).items;
    expect(entry).toMatchObject({ method: 'office.saveProfile', actor: 'admin' });
    expect(entry?.detail).toEqual({ municipalityCodeEntered: false });
  });

  it('refuses a bad profile and changes nothing', async () => {
    const core = await officeWithStaff();
    const before = await core.call('office.profile', {});
    const codesBefore = await core.call('municipalities.list', { history: true });

    const unknown = await refusal(
      core.call('office.saveProfile', {
        office: { ...NIS, name: 'Renamed', municipality: 'Nowhere', packetScript: 'cyrl' },
      }),
    );
    expect(unknown.fields).toEqual({ 'office.municipality': 'Not in the municipality list' });

    // Voždovac already has 019: a different code is a correction for the codes screen, not this form.
    const recoded = await refusal(
      core.call('office.saveProfile', {
        office: { ...NIS, name: 'Renamed', municipality: 'Voždovac', municipalityCode: '999' },
      }),
    );
    expect(recoded.fields).toEqual({ 'office.municipalityCode': 'Already has a code' });

    const badCode = await refusal(
      core.call('office.saveProfile', { office: { ...NIS, name: 'Renamed', municipalityCode: '12' } }),
    );
    expect(badCode.fields?.['office.municipalityCode']).toBe('Three digits, e.g. 019');

    expect(await core.call('office.profile', {})).toEqual(before);
    expect(await core.call('municipalities.list', { history: true })).toEqual(codesBefore);
  });

  it('shows the profile to every role but lets only an admin change it or finish setup', async () => {
    const core = await officeWithStaff();
    for (const who of [COUNSELLOR, AUDITOR]) {
      await signInAs(core, who);
      expect((await core.call('office.profile', {})).name).toBe('MSC Niš');
      expect((await refusal(core.call('office.saveProfile', { office: NIS }))).code).toBe('FORBIDDEN');
      expect((await refusal(core.call('office.finishSetup', {}))).code).toBe('FORBIDDEN');
    }
    await core.call('session.logout', {});
    expect((await refusal(core.call('office.profile', {}))).code).toBe('LOGIN_REQUIRED');
    // The public municipality list stays readable: the wizard needs it before any account exists.
    expect((await core.call('municipalities.list', {})).items.length).toBeGreaterThan(40);
  });

  it("prints the profile's name and city on the consent form", async () => {
    const core = await officeWithStaff();
    const client = await newClient(core, { surname: 'Petrović', givenName: 'Ana', preferredScript: 'latn' });
    const form = await core.call('consents.form', { clientId: client.id, purpose: 'processing' });
    expect(readPdf(form.contentBase64).flat).toContain('Kancelarija: MSC Niš, Niš');
  });
});
