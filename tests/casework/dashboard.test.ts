import { describe, expect, it } from 'vitest';
import { newClient, useCaseworkCore } from './helpers';

const openCore = useCaseworkCore();

describe('the dashboard', () => {
  it("shows today's appointments, the deadlines to act on, recent clients and the month's counts", async () => {
    const { core, setToday } = openCore();
    const [office] = (await core.call('offices.list', {})).items;
    await core.call('offices.save', {
      id: office!.id,
      office: { name: 'MSC Niš', city: 'Niš', hotspotWeekday: 2 },
    });

    setToday('2025-03-01');
    const settled = await newClient(core, { surname: 'Ilić', givenName: 'Ana' });
    const waiting = await newClient(core, { surname: 'Babić', givenName: 'Bojan' });
    const calm = await newClient(core, {
      surname: 'Vasić',
      givenName: 'Vera',
      documents: [{ kind: 'health_card', expiresOn: '2025-09-30' }],
    });
    const residence = await core.call('procedures.open', {
      clientId: settled.id,
      kind: 'residence_registration',
      settledOn: '2025-03-05',
    });
    const idCard = await core.call('procedures.open', { clientId: waiting.id, kind: 'id_card' });
    await core.call('procedures.advance', { id: idCard.id, to: 'submitted', on: '2025-03-01' });
    await core.call('procedures.open', { clientId: calm.id, kind: 'health_insurance' });
    await core.call('services.log', { clientId: calm.id, kind: 'information' });
    await core.call('appointments.book', { clientId: calm.id, date: '2025-03-11', time: '10:00' });
    await core.call('appointments.book', { clientId: settled.id, date: '2025-03-12' });

    setToday('2025-03-11');
    await core.call('services.log', { clientId: settled.id, kind: 'document_assistance' });
    setToday('2025-03-11', '12:05:00');
    await core.call('services.log', { clientId: waiting.id, kind: 'counselling' });

    const dashboard = await core.call('dashboard.get', {});

    expect(dashboard.today).toBe('2025-03-11');
    expect(dashboard.isHotspotDay).toBe(true);
    expect(dashboard.appointments.map((a) => [a.time, a.client.surname, a.status])).toEqual([
      ['10:00', 'Vasić', 'booked'],
    ]);
    // ID card expected on 16.03 (15 days after 01.03) is days away; residence due on 13.03.
    expect(
      dashboard.deadlines.map((d) => [d.procedureId, d.deadline.key, d.deadline.dueOn, d.deadline.state]),
    ).toEqual([
      [residence.id, 'residence_registration_due', '2025-03-13', 'soon'],
      [idCard.id, 'id_card_ready', '2025-03-16', 'soon'],
    ]);
    expect(dashboard.deadlineCount).toBe(2);
    expect(dashboard.deadlines[0]?.client.surname).toBe('Ilić');
    expect(dashboard.recentClients.map((c) => c.surname).slice(0, 2)).toEqual(['Babić', 'Ilić']);
    expect(dashboard.month).toEqual({
      services: 3,
      consultations: 2,
      newClients: 3,
      proceduresOpened: 3,
      proceduresCompleted: 0,
      referrals: 0,
    });
  });

  it('shows an overdue deadline before a near one, and drops it once the procedure moves on', async () => {
    const { core, setToday } = openCore();
    setToday('2025-03-01');
    const late = await newClient(core, { surname: 'Kostić', givenName: 'Kosta' });
    const residence = await core.call('procedures.open', {
      clientId: late.id,
      kind: 'residence_registration',
      settledOn: '2025-03-01',
    });
    setToday('2025-03-12');
    const before = await core.call('dashboard.get', {});
    expect(before.deadlines.map((d) => [d.deadline.dueOn, d.deadline.state, d.deadline.daysLeft])).toEqual([
      ['2025-03-09', 'overdue', -3],
    ]);

    await core.call('procedures.advance', { id: residence.id, to: 'submitted' });
    expect((await core.call('dashboard.get', {})).deadlines).toEqual([]);
  });
});
