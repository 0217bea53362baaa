import { describe, expect, it } from 'vitest';
import { PROCEDURE_OF_PACKET } from '../../src/core/casework';
import { ProcedureOpenInput } from '../../src/shared/casework';
import { newClient, rejection, useCaseworkCore, useCaseworkDatabase } from './helpers';

const openCore = useCaseworkCore();

describe('procedure status', () => {
  it('moves open → documents gathering → submitted → completed, keeping each step in the history', async () => {
    const { core, setToday } = openCore();
    const client = await newClient(core);
    setToday('2025-03-03');
    const opened = await core.call('procedures.open', { clientId: client.id, kind: 'id_card' });
    expect(opened).toMatchObject({
      status: 'open',
      openedOn: '2025-03-03',
      counsellor: 'system', // whoever makes the call: the tests' core runs as the system actor
      submittedOn: null,
    });
    expect(opened.steps.map((s) => s.key)).toEqual([
      'birth_extract',
      'citizenship_certificate',
      'fee_slips_paid',
      'photo_appointment',
      'card_collected',
    ]);

    setToday('2025-03-05');
    await core.call('procedures.advance', { id: opened.id, to: 'documents_gathering' });
    const submitted = await core.call('procedures.advance', {
      id: opened.id,
      to: 'submitted',
      on: '2025-03-04',
    });
    expect(submitted.submittedOn).toBe('2025-03-04');
    setToday('2025-03-20');
    const completed = await core.call('procedures.advance', {
      id: opened.id,
      to: 'completed',
      note: 'Card collected',
    });

    expect(completed).toMatchObject({
      status: 'completed',
      closedOn: '2025-03-20',
      submittedOn: '2025-03-04',
    });
    expect(completed.history).toEqual([
      { from: null, to: 'open', on: '2025-03-03', note: null },
      { from: 'open', to: 'documents_gathering', on: '2025-03-05', note: null },
      { from: 'documents_gathering', to: 'submitted', on: '2025-03-04', note: null },
      { from: 'submitted', to: 'completed', on: '2025-03-20', note: 'Card collected' },
    ]);
  });

  it.each([
    ['open', 'completed'],
    ['open', 'rejected'],
    ['documents_gathering', 'open'],
    ['documents_gathering', 'completed'],
    ['completed', 'open'],
    ['abandoned', 'submitted'],
  ] as const)('refuses %s → %s with a clear error and changes nothing', async (from, to) => {
    const { core } = openCore();
    const client = await newClient(core);
    const procedure = await core.call('procedures.open', {
      clientId: client.id,
      kind: 'residence_registration',
    });
    const path: Record<string, readonly ('documents_gathering' | 'abandoned' | 'submitted' | 'completed')[]> =
      {
        open: [],
        documents_gathering: ['documents_gathering'],
        completed: ['submitted', 'completed'],
        abandoned: ['abandoned'],
      };
    for (const step of path[from] ?? [])
      await core.call('procedures.advance', { id: procedure.id, to: step });
    const before = await core.call('procedures.get', { id: procedure.id });
    expect(before.status).toBe(from);

    const error = await rejection(core.call('procedures.advance', { id: procedure.id, to }));

    expect(error.code).toBe('NOT_ALLOWED');
    expect(error.message).toContain(`cannot become ${to}`);
    expect(error.detail).toMatchObject({ reason: 'transition', from, to });
    expect(await core.call('procedures.get', { id: procedure.id })).toEqual(before);
  });

  it('lets an office ask for more documents after a submission', async () => {
    const { core } = openCore();
    const client = await newClient(core);
    const procedure = await core.call('procedures.open', { clientId: client.id, kind: 'health_insurance' });
    await core.call('procedures.advance', { id: procedure.id, to: 'submitted' });
    const back = await core.call('procedures.advance', { id: procedure.id, to: 'documents_gathering' });
    expect(back.status).toBe('documents_gathering');
  });

  it('refuses a status change dated in the future or before the opening', async () => {
    const { core, setToday } = openCore();
    const client = await newClient(core);
    setToday('2025-03-10');
    const procedure = await core.call('procedures.open', { clientId: client.id, kind: 'id_card' });
    expect(
      (
        await rejection(
          core.call('procedures.advance', { id: procedure.id, to: 'submitted', on: '2025-03-11' }),
        )
      ).code,
    ).toBe('VALIDATION');
    expect(
      (
        await rejection(
          core.call('procedures.advance', { id: procedure.id, to: 'submitted', on: '2025-03-09' }),
        )
      ).fields,
    ).toHaveProperty('on');
    expect((await core.call('procedures.get', { id: procedure.id })).status).toBe('open');
  });

  it('refuses a second procedure of the same kind while one is in progress, and allows it after', async () => {
    const { core } = openCore();
    const client = await newClient(core);
    const first = await core.call('procedures.open', { clientId: client.id, kind: 'id_card' });
    const error = await rejection(core.call('procedures.open', { clientId: client.id, kind: 'id_card' }));
    expect(error.code).toBe('NOT_ALLOWED');
    expect(error.detail).toMatchObject({ existingId: first.id });

    await core.call('procedures.advance', { id: first.id, to: 'abandoned' });
    const second = await core.call('procedures.open', { clientId: client.id, kind: 'id_card' });
    expect(second.id).not.toBe(first.id);
  });

  it('ticks checklist steps with the day they were done, and refuses a step the kind does not have', async () => {
    const { core, setToday } = openCore();
    const client = await newClient(core);
    const procedure = await core.call('procedures.open', {
      clientId: client.id,
      kind: 'residence_registration',
    });
    setToday('2025-03-12');
    const ticked = await core.call('procedures.update', {
      id: procedure.id,
      steps: { owner_consent: true, fee_paid: true },
    });
    expect(ticked.steps.filter((s) => s.done)).toEqual([
      { key: 'owner_consent', done: true, doneOn: '2025-03-12' },
      { key: 'fee_paid', done: true, doneOn: '2025-03-12' },
    ]);
    const unticked = await core.call('procedures.update', { id: procedure.id, steps: { fee_paid: false } });
    expect(unticked.steps.filter((s) => s.done).map((s) => s.key)).toEqual(['owner_consent']);

    const error = await rejection(
      core.call('procedures.update', { id: procedure.id, steps: { fee_paid: true, photo: true } }),
    );
    expect(error.fields).toHaveProperty('steps.photo');
    // The whole update is refused: fee_paid was not ticked either.
    const after = await core.call('procedures.get', { id: procedure.id });
    expect(after.steps.find((s) => s.key === 'fee_paid')?.done).toBe(false);
  });

  it('changes the settling date and note only when given', async () => {
    const { core } = openCore();
    const client = await newClient(core);
    const procedure = await core.call('procedures.open', {
      clientId: client.id,
      kind: 'residence_registration',
      settledOn: '2025-03-01',
      note: 'Lives with her sister',
    });
    const updated = await core.call('procedures.update', { id: procedure.id, counsellor: 'Ana' });
    expect(updated).toMatchObject({
      settledOn: '2025-03-01',
      note: 'Lives with her sister',
      counsellor: 'Ana',
    });
    const cleared = await core.call('procedures.update', { id: procedure.id, settledOn: null, note: '' });
    expect(cleared).toMatchObject({ settledOn: null, note: null });
  });
});

describe('printing a packet', () => {
  const openDb = useCaseworkDatabase();

  it('moves the open procedure of that kind to documents gathering and lists the packet', () => {
    const { ctx, addClient } = openDb();
    const client = addClient();
    const procedure = ctx.casework.procedures.open(
      ProcedureOpenInput.parse({ clientId: client.id, kind: 'health_insurance' }),
    );

    const advanced = ctx.casework.procedures.recordPacketPrinted({
      clientId: client.id,
      procedureKind: 'health_insurance',
      packetId: 'packet-1',
      printedAt: '2025-03-10T12:00:00.000Z',
    });

    expect(advanced?.id).toBe(procedure.id);
    expect(advanced?.status).toBe('documents_gathering');
    expect(advanced?.history.at(-1)).toMatchObject({
      from: 'open',
      to: 'documents_gathering',
      note: 'Packet printed',
    });
    expect(advanced?.packets).toEqual([{ packetId: 'packet-1', printedAt: '2025-03-10T12:00:00.000Z' }]);

    // A second print keeps the status and adds the packet; a reprint of the same packet is one entry.
    ctx.casework.procedures.recordPacketPrinted({
      clientId: client.id,
      procedureKind: 'health_insurance',
      packetId: 'packet-2',
    });
    ctx.casework.procedures.recordPacketPrinted({
      clientId: client.id,
      procedureKind: 'health_insurance',
      packetId: 'packet-2',
    });
    const after = ctx.casework.procedures.get(procedure.id);
    expect(after.status).toBe('documents_gathering');
    expect(after.packets.map((p) => p.packetId)).toEqual(['packet-1', 'packet-2']);
  });

  it('returns null and changes nothing when the client has no such procedure in progress', () => {
    const { ctx, addClient } = openDb();
    const client = addClient();
    const idCard = ctx.casework.procedures.open(
      ProcedureOpenInput.parse({ clientId: client.id, kind: 'id_card' }),
    );
    expect(
      ctx.casework.procedures.recordPacketPrinted({
        clientId: client.id,
        procedureKind: 'residence_registration',
        packetId: 'p',
      }),
    ).toBeNull();
    expect(ctx.casework.procedures.get(idCard.id)).toEqual(idCard);
  });

  it('maps each packet procedure to a casework procedure kind', () => {
    expect(PROCEDURE_OF_PACKET).toEqual({
      residence: 'residence_registration',
      'id-card': 'id_card',
      health: 'health_insurance',
    });
  });
});

describe("a household's procedures", () => {
  it('lists the procedures of everyone linked, directly or through another member', async () => {
    const { core } = openCore();
    const mother = await newClient(core, { givenName: 'Ljubica' });
    const father = await newClient(core, { givenName: 'Dragan' });
    const child = await newClient(core, { givenName: 'Marko' });
    const stranger = await newClient(core, { surname: 'Petrović', givenName: 'Ivan' });
    await core.call('household.link', {
      clientId: mother.id,
      relatedClientId: father.id,
      relation: 'spouse',
    });
    await core.call('household.link', { clientId: father.id, relatedClientId: child.id, relation: 'child' });
    for (const who of [mother, father, child, stranger]) {
      await core.call('procedures.open', { clientId: who.id, kind: 'id_card' });
    }

    const own = await core.call('procedures.list', { clientId: mother.id });
    const family = await core.call('procedures.list', { clientId: mother.id, household: true });

    expect(own.items.map((p) => p.clientId)).toEqual([mother.id]);
    expect(new Set(family.items.map((p) => p.clientId))).toEqual(new Set([mother.id, father.id, child.id]));
  });
});
