import { describe, expect, it } from 'vitest';
import { clientFix, clientToInput, optionPath } from '../../src/renderer/src/packets/client-fix';
import {
  checkFeeDraft,
  checkMunicipalityDraft,
  feeDraftFrom,
  municipalityDraftFrom,
} from '../../src/renderer/src/packets/fee-form';
import { packetFileName } from '../../src/renderer/src/packets/pdf-file';
import { ClientInput } from '../../src/shared/client';
import type { PreflightProblem } from '../../src/shared/packets';
import { createClient, dragana, openCore } from './fixtures';

const problem = (patch: Partial<PreflightProblem>): PreflightProblem => ({
  code: 'missing',
  severity: 'error',
  field: 'client.parentName',
  document: 'residence-application',
  label: 'Име једног родитеља',
  message: 'empty',
  fix: 'client',
  blank: false,
  params: {},
  ...patch,
});

describe('inline fixes from the preflight list', () => {
  it('saves a missing value to the record and the next preflight no longer finds it', async () => {
    const core = openCore();
    const client = await createClient(core, {
      ...dragana,
      parentName: null,
      address: { ...dragana.address, street: null },
    });
    const before = await core.call('packets.preflight', {
      clientId: client.id,
      options: { procedure: 'residence' },
    });
    for (const field of ['client.parentName', 'client.address.street']) {
      const current = await core.call('clients.get', { id: client.id });
      const fix = clientFix(
        before.problems.find((p) => p.field === field)!,
        current,
      )!;
      expect(fix.current).toBe('');
      await core.call('clients.update', {
        id: client.id,
        client: fix.apply(field.endsWith('street') ? 'Ustanička' : 'Milan'),
        expectedUpdatedAt: current.updatedAt,
      });
    }
    const after = await core.call('packets.preflight', {
      clientId: client.id,
      options: { procedure: 'residence' },
    });
    expect(after.problems.filter((p) => p.code === 'missing').map((p) => p.field)).toEqual([]);
    const saved = await core.call('clients.get', { id: client.id });
    expect(saved).toMatchObject({
      parentName: 'Milan',
      address: { street: 'Ustanička', place: 'Beograd' },
      documents: dragana.documents?.map((d) => expect.objectContaining({ kind: d.kind })),
    });
  });

  it('corrects the Cyrillic spelling of a Latin-typed name, not the name as typed', async () => {
    const core = openCore();
    const client = await createClient(core, { ...dragana, surname: 'Weber' });
    const fix = clientFix(
      problem({ code: 'foreign_letters', severity: 'warning', field: 'client.surname' }),
      client,
    )!;
    expect(fix.current).toBe('W' + 'ебер'); // W has no Cyrillic letter and stays as it is
    const input = ClientInput.parse(fix.apply('Вебер'));
    expect(input.surname).toBe('Weber');
    expect(input.nameOverrides).toMatchObject({ surname: 'Вебер' });
  });

  it('edits a held document date, adding the document when the record has none of that kind', async () => {
    const core = openCore();
    const client = await createClient(core, { ...dragana, documents: [] });
    const fix = clientFix(
      problem({ code: 'citizenship_old', field: 'client.documents.citizenship_certificate.issuedOn' }),
      client,
    )!;
    expect(fix.input).toBe('date');
    expect(fix.apply('2025-03-01').documents).toEqual([
      { kind: 'citizenship_certificate', number: null, issuedOn: '2025-03-01', expiresOn: null },
    ]);
  });

  it('offers no record fix for composed values or settings, and points options at the option', async () => {
    const core = openCore();
    const client = await createClient(core, dragana);
    expect(clientFix(problem({ field: 'client.address.line' }), client)).toBeNull();
    expect(clientFix(problem({ field: 'municipalities.Niš', fix: 'settings' }), client)).toBeNull();
    expect(optionPath(problem({ field: 'options.owner.fullName', fix: 'options' }))).toEqual([
      'owner',
      'fullName',
    ]);
    expect(ClientInput.safeParse(clientToInput(client)).success).toBe(true);
  });
});

describe('fee and code forms in Settings', () => {
  const entry = {
    id: 'x',
    key: 'residence-registration',
    label: 'Такса',
    recipient: 'Републичка административна такса',
    purpose: 'Такса за пријаву пребивалишта',
    amountPara: 38000,
    account: '840000074222184357',
    accountSource: 'entry' as const,
    codeFrom: 'residence' as const,
    paymentBasis: '53',
    model: '97',
    referenceKind: 'municipality' as const,
    reference: null,
    effectiveFrom: '2024-01-01',
    source: 's',
    verify: true,
    seeded: true,
    current: true,
    createdAt: '',
    updatedAt: '',
  };

  it('starts a new version from the one in force, dated today, with the amount as people write it', () => {
    expect(feeDraftFrom(entry, '2025-03-14')).toMatchObject({
      amount: '380,00',
      account: '840-742221843-57',
      effectiveFrom: '2025-03-14',
      source: '',
      verify: false,
    });
  });

  it('says what is wrong per field, with the control digits an account would need', () => {
    const draft = {
      ...feeDraftFrom(entry, '2025-03-14'),
      account: '840-742221843-58',
      amount: '3,8,0',
      source: '',
    };
    const checked = checkFeeDraft(draft);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.account).toEqual({
      key: 'packets:validation.accountControl',
      values: { expected: '57' },
    });
    expect(checked.problems.amount).toMatchObject({ key: 'packets:validation.amount' });
    expect(checked.problems.source).toMatchObject({ key: 'packets:validation.source' });
    expect(
      checkFeeDraft({ ...draft, account: '840-742221843-57', amount: '410', source: 'Sl. glasnik' }).ok,
    ).toBe(true);
  });

  it('checks a municipality code is three digits', () => {
    const draft = municipalityDraftFrom(null, '2025-03-14');
    const checked = checkMunicipalityDraft({
      ...draft,
      name: 'Medijana',
      nameCyrl: 'Медијана',
      code: '12',
      source: 'Trezor',
    });
    expect(checked.ok === false && checked.problems.code).toMatchObject({
      key: 'packets:validation.municipalityCode',
    });
    expect(
      checkMunicipalityDraft({ ...draft, name: 'Medijana', nameCyrl: 'Медијана', code: '', source: 'Trezor' })
        .ok,
    ).toBe(true);
  });

  it('names the saved file in plain letters', () => {
    expect(packetFileName('id-card', 'Ђорђевић', '2025-03-14T09:00:00Z')).toBe(
      'paket-id-card-djordjevic-2025-03-14.pdf',
    );
  });
});
