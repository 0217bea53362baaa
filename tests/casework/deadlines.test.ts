import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/core/casework/dates';
import { deadlinesOf } from '../../src/core/casework/procedures/deadlines';
import { newClient, useCaseworkCore } from './helpers';

const openCore = useCaseworkCore();
const noDates = { openedOn: '2025-03-01', settledOn: null, submittedOn: null };

describe('deadline rules', () => {
  it('gives residence registration 8 days from settling', () => {
    const [deadline] = deadlinesOf(
      'residence_registration',
      'open',
      { ...noDates, settledOn: '2025-03-01' },
      [],
      '2025-03-05',
    );
    expect(deadline).toEqual({
      key: 'residence_registration_due',
      dueOn: '2025-03-09',
      daysLeft: 4,
      state: 'soon',
    });
  });

  it('is overdue the day after the due date, and met once the registration is submitted', () => {
    const dates = { ...noDates, settledOn: '2025-03-01' };
    expect(
      deadlinesOf('residence_registration', 'documents_gathering', dates, [], '2025-03-10')[0],
    ).toMatchObject({
      state: 'overdue',
      daysLeft: -1,
    });
    expect(deadlinesOf('residence_registration', 'submitted', dates, [], '2025-03-10')).toEqual([]);
  });

  it('gives no residence deadline while the settling date is unknown', () => {
    expect(deadlinesOf('residence_registration', 'open', noDates, [], '2025-03-10')).toEqual([]);
  });

  it('keeps a citizenship certificate valid for 6 calendar months from issue', () => {
    const documents = [{ kind: 'citizenship_certificate' as const, issuedOn: '2024-09-15', expiresOn: null }];
    const [deadline] = deadlinesOf('id_card', 'documents_gathering', noDates, documents, '2025-03-10');
    expect(deadline).toMatchObject({
      key: 'citizenship_certificate_expires',
      dueOn: '2025-03-15',
      state: 'soon',
    });
  });

  it('counts from the newest certificate when the record holds several', () => {
    const documents = [
      { kind: 'citizenship_certificate' as const, issuedOn: '2024-01-10', expiresOn: null },
      { kind: 'citizenship_certificate' as const, issuedOn: '2025-02-01', expiresOn: null },
    ];
    expect(deadlinesOf('id_card', 'open', noDates, documents, '2025-03-10')[0]?.dueOn).toBe('2025-08-01');
  });

  it('ends a month-long period on the last day of a shorter month', () => {
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2025-01-15', 6)).toBe('2025-07-15');
  });

  it('expects the ID card about 15 days after submitting, only while submitted', () => {
    const dates = { ...noDates, submittedOn: '2025-03-03' };
    const documents = [{ kind: 'citizenship_certificate' as const, issuedOn: '2025-01-01', expiresOn: null }];
    expect(deadlinesOf('id_card', 'submitted', dates, documents, '2025-03-10')).toEqual([
      { key: 'id_card_ready', dueOn: '2025-03-18', daysLeft: 8, state: 'later' },
    ]);
    expect(deadlinesOf('id_card', 'completed', dates, documents, '2025-03-10')).toEqual([]);
  });

  it("takes the health card's validity from the record's documents", () => {
    const documents = [
      { kind: 'health_card' as const, issuedOn: '2024-03-01', expiresOn: '2025-03-31' },
      { kind: 'id_card' as const, issuedOn: '2020-01-01', expiresOn: '2025-03-12' },
    ];
    expect(deadlinesOf('health_insurance', 'submitted', noDates, documents, '2025-03-10')).toEqual([
      { key: 'health_card_expires', dueOn: '2025-03-31', daysLeft: 21, state: 'later' },
    ]);
  });
});

describe('deadlines on procedures', () => {
  it("follow the client's documents as they are corrected", async () => {
    const { core, setToday } = openCore();
    const client = await newClient(core, {
      documents: [{ kind: 'citizenship_certificate', issuedOn: '2024-09-20' }],
    });
    setToday('2025-03-10');
    const procedure = await core.call('procedures.open', { clientId: client.id, kind: 'id_card' });
    expect(procedure.deadlines).toEqual([
      { key: 'citizenship_certificate_expires', dueOn: '2025-03-20', daysLeft: 10, state: 'later' },
    ]);

    await core.call('clients.update', {
      id: client.id,
      client: {
        ...clientInputOf(client),
        documents: [{ kind: 'citizenship_certificate', issuedOn: '2024-09-12' }],
      },
    });
    const after = await core.call('procedures.get', { id: procedure.id });
    expect(after.deadlines[0]).toMatchObject({ dueOn: '2025-03-12', state: 'soon' });
  });

  it('show the ID card pickup once submitted', async () => {
    const { core, setToday } = openCore();
    const client = await newClient(core);
    setToday('2025-03-01');
    const procedure = await core.call('procedures.open', { clientId: client.id, kind: 'id_card' });
    await core.call('procedures.advance', { id: procedure.id, to: 'submitted', on: '2025-03-01' });
    setToday('2025-03-20');
    const later = await core.call('procedures.get', { id: procedure.id });
    expect(later.deadlines).toEqual([
      { key: 'id_card_ready', dueOn: '2025-03-16', daysLeft: -4, state: 'overdue' },
    ]);
  });
});

function clientInputOf(client: Awaited<ReturnType<typeof newClient>>) {
  return { surname: client.surname, givenName: client.givenName, category: client.category };
}
