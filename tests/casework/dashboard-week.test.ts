import { describe, expect, it } from 'vitest';
import { newClient, useCaseworkCore } from './helpers';

const openCore = useCaseworkCore();

describe('the dashboard of a desk week', () => {
  it('lists the clients worked on last, not the ones an import just brought in', async () => {
    const { core, setToday } = openCore();
    setToday('2025-03-10');
    const served = await newClient(core, { surname: 'Ilić', givenName: 'Ana' });
    const edited = await newClient(core, { surname: 'Babić', givenName: 'Bojan' });
    setToday('2025-03-10', '11:00:00');
    const csv = 'Prezime,Ime,Kategorija\nUvezić,Uroš,returnee_germany\nUvezić,Vesna,returnee_germany\n';
    const report = await core.call('clients.import', {
      fileName: 'klijenti.csv',
      contentBase64: Buffer.from(csv, 'utf8').toString('base64'),
      defaultCategory: 'returnee_germany',
    });
    expect(report.acceptedCount).toBe(2);
    setToday('2025-03-10', '12:00:00');
    await core.call('services.log', { clientId: served.id, kind: 'counselling' });
    setToday('2025-03-10', '12:30:00');
    await core.call('clients.update', {
      id: edited.id,
      client: { surname: 'Babić', givenName: 'Bojan', category: 'returnee_other' },
      expectedUpdatedAt: edited.updatedAt,
    });

    const { recentClients } = await core.call('dashboard.get', {});
    expect(recentClients.map((c) => c.surname)).toEqual(['Babić', 'Ilić']);
  });

  it("shows the rest of this week's appointments, not next week's", async () => {
    const { core, setToday } = openCore();
    setToday('2025-03-12'); // a Wednesday
    const client = await newClient(core, { surname: 'Vasić', givenName: 'Vera' });
    await core.call('appointments.book', { clientId: client.id, date: '2025-03-12', time: '09:00' });
    await core.call('appointments.book', { clientId: client.id, date: '2025-03-14', time: '10:30' });
    await core.call('appointments.book', { clientId: client.id, date: '2025-03-16', time: '08:00' });
    await core.call('appointments.book', { clientId: client.id, date: '2025-03-17', time: '09:00' });

    const dashboard = await core.call('dashboard.get', {});
    expect(dashboard.appointments.map((a) => a.date)).toEqual(['2025-03-12']);
    expect(dashboard.weekAppointments.map((a) => [a.date, a.time])).toEqual([
      ['2025-03-14', '10:30'],
      ['2025-03-16', '08:00'],
    ]);
  });
});
