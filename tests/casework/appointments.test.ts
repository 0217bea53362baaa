import { describe, expect, it } from 'vitest';
import { newClient, rejection, useCaseworkCore } from './helpers';

const openCore = useCaseworkCore();

/** An office whose hotspot day is Tuesday (2025-03-11 is a Tuesday). */
async function hotspotOffice(core: Awaited<ReturnType<typeof openCore>>['core']) {
  return core.call('offices.save', { office: { name: 'MSC Niš', city: 'Niš', hotspotWeekday: 2 } });
}

describe('offices', () => {
  it('starts with "This office" as the default, and keeps a hotspot weekday per office', async () => {
    const { core } = openCore();
    const before = await core.call('offices.list', {});
    expect(before.items).toEqual([
      { id: expect.any(String), name: 'This office', city: null, hotspotWeekday: null, isDefault: true },
    ]);
    const nis = await hotspotOffice(core);
    expect(nis).toMatchObject({ name: 'MSC Niš', hotspotWeekday: 2, isDefault: false });
    const renamed = await core.call('offices.save', {
      id: before.items[0]!.id,
      office: { name: 'MSC Kraljevo', hotspotWeekday: 4 },
    });
    expect(renamed).toMatchObject({ name: 'MSC Kraljevo', hotspotWeekday: 4, isDefault: true });
    expect((await core.call('offices.list', {})).items.map((o) => o.name)).toEqual([
      'MSC Kraljevo',
      'MSC Niš',
    ]);
  });
});

describe('appointments on a hotspot day', () => {
  it("lists the day's bookings by time, untimed last, and says whether it is the hotspot day", async () => {
    const { core, setToday } = openCore();
    const office = await hotspotOffice(core);
    const ana = await newClient(core, { surname: 'Ilić', givenName: 'Ana' });
    const bojan = await newClient(core, { surname: 'Babić', givenName: 'Bojan' });
    const vera = await newClient(core, { surname: 'Vasić', givenName: 'Vera' });
    setToday('2025-03-10');
    await core.call('appointments.book', {
      clientId: ana.id,
      date: '2025-03-11',
      time: '11:30',
      officeId: office.id,
    });
    await core.call('appointments.book', {
      clientId: bojan.id,
      date: '2025-03-11',
      officeId: office.id,
      purpose: 'ID card',
    });
    const first = await core.call('appointments.book', {
      clientId: vera.id,
      date: '2025-03-11',
      time: '09:00',
      officeId: office.id,
    });
    expect(first.onHotspotDay).toBe(true);

    const day = await core.call('appointments.today', { date: '2025-03-11', officeId: office.id });
    expect(day.isHotspotDay).toBe(true);
    expect(day.items.map((a) => [a.time, a.client.givenName])).toEqual([
      ['09:00', 'Vera'],
      ['11:30', 'Ana'],
      [null, 'Bojan'],
    ]);
    expect(
      (await core.call('appointments.today', { date: '2025-03-12', officeId: office.id })).isHotspotDay,
    ).toBe(false);
  });

  it('refuses a booking in the past and a second booking of the same client that day', async () => {
    const { core, setToday } = openCore();
    const client = await newClient(core);
    setToday('2025-03-10');
    expect(
      (await rejection(core.call('appointments.book', { clientId: client.id, date: '2025-03-09' }))).fields,
    ).toHaveProperty('date');
    await core.call('appointments.book', { clientId: client.id, date: '2025-03-10' });
    const twice = await rejection(
      core.call('appointments.book', { clientId: client.id, date: '2025-03-10' }),
    );
    expect(twice.code).toBe('NOT_ALLOWED');
    expect(twice.message).toContain('already booked');
  });

  it('marks a no-show on the day, not before, and lets the counsellor correct it', async () => {
    const { core, setToday } = openCore();
    const client = await newClient(core);
    setToday('2025-03-10');
    const booked = await core.call('appointments.book', { clientId: client.id, date: '2025-03-11' });
    expect((await rejection(core.call('appointments.markNoShow', { id: booked.id }))).detail).toEqual({
      reason: 'appointment_in_future',
    });
    setToday('2025-03-11', '15:00:00');
    expect((await core.call('appointments.markNoShow', { id: booked.id })).status).toBe('no_show');
    expect((await core.call('appointments.markAttended', { id: booked.id })).status).toBe('attended');
    expect((await rejection(core.call('appointments.cancel', { id: booked.id }))).code).toBe('NOT_ALLOWED');
  });

  it('counts a booked client as attended when a service is logged for them that day', async () => {
    const { core } = openCore();
    const client = await newClient(core);
    const booked = await core.call('appointments.book', { clientId: client.id, date: '2025-03-10' });
    await core.call('services.log', { clientId: client.id, kind: 'counselling' });
    const { items } = await core.call('appointments.list', { clientId: client.id });
    expect(items.map((a) => [a.id, a.status])).toEqual([[booked.id, 'attended']]);
  });
});

describe('the services log', () => {
  it('logs a service for today at this office by whoever makes the call, newest first', async () => {
    const { core, setToday } = openCore();
    const client = await newClient(core);
    setToday('2025-03-09');
    await core.call('services.log', { clientId: client.id, kind: 'information', durationMinutes: 15 });
    setToday('2025-03-10');
    const logged = await core.call('services.log', {
      clientId: client.id,
      kind: 'document_assistance',
      note: 'Obrazac za LK',
    });
    const [office] = (await core.call('offices.list', {})).items;
    expect(logged).toMatchObject({
      servedOn: '2025-03-10',
      officeId: office!.id,
      counsellor: 'system', // whoever makes the call: the tests' core runs as the system actor
      note: 'Obrazac za LK',
    });

    const list = await core.call('services.list', { clientId: client.id });
    expect(list.total).toBe(2);
    expect(list.items.map((s) => [s.servedOn, s.kind, s.durationMinutes])).toEqual([
      ['2025-03-10', 'document_assistance', null],
      ['2025-03-09', 'information', 15],
    ]);
  });

  it('refuses a day in the future, an unknown client and an unknown office, logging nothing', async () => {
    const { core } = openCore();
    const client = await newClient(core);
    expect(
      (
        await rejection(
          core.call('services.log', { clientId: client.id, kind: 'other', servedOn: '2025-03-11' }),
        )
      ).fields,
    ).toHaveProperty('servedOn');
    const unknownId = '01950000-0000-7000-8000-000000000000';
    expect((await rejection(core.call('services.log', { clientId: unknownId, kind: 'other' }))).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (
        await rejection(
          core.call('services.log', { clientId: client.id, kind: 'other', officeId: unknownId }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect((await core.call('services.list', { clientId: client.id })).total).toBe(0);
  });

  it('takes back a service logged by mistake', async () => {
    const { core } = openCore();
    const client = await newClient(core);
    const logged = await core.call('services.log', { clientId: client.id, kind: 'housing' });
    await core.call('services.remove', { id: logged.id });
    expect((await core.call('services.list', { clientId: client.id })).items).toEqual([]);
    expect((await rejection(core.call('services.remove', { id: logged.id }))).code).toBe('NOT_FOUND');
  });
});
