import type { Core } from '../../src/core';
import { newClient } from './helpers';

/**
 * A small month whose totals are known by hand (March 2025 at "This office"):
 *
 * services  c1 F 1990-05-10 returnee_germany : information, counselling, document_assistance
 *           c2 M 2010-03-15 returnee_other   : information (+ a housing taken back)
 *           c3 – no sex or birth date, local_vulnerable : housing, psychosocial
 *           c4 M 1960-01-01 regular_migration: regular_migration
 *           c5 F 2000-03-15 returnee_germany : employment_career on 03-14 (aged 24), other on 03-15 (aged 25)
 *           outside: c1 information on 02-28; c1 counselling at MSC Niš on 03-10
 * procedures c1 ID card 03-02 → completed 03-20; c2 residence 02-20 → completed 03-10;
 *           c3 residence 03-03 → abandoned 03-12; c4 health 03-04 → rejected 03-25; c5 health 03-06 open
 * referrals c1 → CSR resolved; c3 → CSR client did not go; c2 → CSR in progress; c4 → police sent;
 *           outside: c5 → CSR on 02-27
 */
export async function buildMarch(core: Core, setToday: (date: string) => void) {
  setToday('2025-04-01');
  const [thisOffice] = (await core.call('offices.list', {})).items;
  const nis = await core.call('offices.save', { office: { name: 'MSC Niš', city: 'Niš' } });
  const c1 = await newClient(core, { surname: 'Ilić', givenName: 'Ana', sex: 'F', birthDate: '1990-05-10' });
  const c2 = await newClient(core, {
    surname: 'Babić',
    givenName: 'Bojan',
    sex: 'M',
    birthDate: '2010-03-15',
    category: 'returnee_other',
  });
  const c3 = await newClient(core, { surname: 'Vasić', givenName: 'Vera', category: 'local_vulnerable' });
  const c4 = await newClient(core, {
    surname: 'Gajić',
    givenName: 'Goran',
    sex: 'M',
    birthDate: '1960-01-01',
    category: 'regular_migration',
  });
  const c5 = await newClient(core, {
    surname: 'Dedić',
    givenName: 'Dara',
    sex: 'F',
    birthDate: '2000-03-15',
  });

  const log = (
    clientId: string,
    kind: Parameters<typeof core.call<'services.log'>>[1]['kind'],
    servedOn: string,
    officeId?: string,
  ) => core.call('services.log', { clientId, kind, servedOn, officeId });
  await log(c1.id, 'information', '2025-03-03');
  await log(c1.id, 'counselling', '2025-03-03');
  await log(c1.id, 'document_assistance', '2025-03-05');
  await log(c2.id, 'information', '2025-03-04');
  const mistake = await log(c2.id, 'housing', '2025-03-04');
  await core.call('services.remove', { id: mistake.id });
  await log(c3.id, 'housing', '2025-03-06');
  await log(c3.id, 'psychosocial', '2025-03-06');
  await log(c4.id, 'regular_migration', '2025-03-07');
  await log(c5.id, 'employment_career', '2025-03-14');
  await log(c5.id, 'other', '2025-03-15');
  await log(c1.id, 'information', '2025-02-28');
  await log(c1.id, 'counselling', '2025-03-10', nis.id);

  const open = (
    clientId: string,
    kind: 'id_card' | 'residence_registration' | 'health_insurance',
    openedOn: string,
  ) => core.call('procedures.open', { clientId, kind, openedOn });
  const advance = (id: string, to: 'submitted' | 'completed' | 'abandoned' | 'rejected', on: string) =>
    core.call('procedures.advance', { id, to, on });
  const p1 = await open(c1.id, 'id_card', '2025-03-02');
  await advance(p1.id, 'submitted', '2025-03-05');
  await advance(p1.id, 'completed', '2025-03-20');
  const p2 = await open(c2.id, 'residence_registration', '2025-02-20');
  await advance(p2.id, 'submitted', '2025-02-25');
  await advance(p2.id, 'completed', '2025-03-10');
  const p3 = await open(c3.id, 'residence_registration', '2025-03-03');
  await advance(p3.id, 'abandoned', '2025-03-12');
  const p4 = await open(c4.id, 'health_insurance', '2025-03-04');
  await advance(p4.id, 'submitted', '2025-03-11');
  await advance(p4.id, 'rejected', '2025-03-25');
  await open(c5.id, 'health_insurance', '2025-03-06');

  const partners = (await core.call('partners.list', { city: 'Niš' })).items;
  const csr = partners.find((p) => p.kind === 'csr')!;
  const police = partners.find((p) => p.kind === 'police_administration')!;
  const refer = (clientId: string, partnerId: string, referredOn: string) =>
    core.call('referrals.create', {
      clientId,
      partnerId,
      referredOn,
      reason: 'Pomoć',
      consent: { given: true },
    });
  const r1 = await refer(c1.id, csr.id, '2025-03-03');
  await core.call('referrals.update', { id: r1.id, outcome: 'resolved' });
  const r2 = await refer(c3.id, csr.id, '2025-03-06');
  await core.call('referrals.update', { id: r2.id, outcome: 'client_did_not_go' });
  const r3 = await refer(c2.id, csr.id, '2025-03-08');
  await core.call('referrals.update', { id: r3.id, status: 'in_progress' });
  await refer(c4.id, police.id, '2025-03-07');
  await refer(c5.id, csr.id, '2025-02-27');

  return { thisOffice: thisOffice!, nis, clients: { c1, c2, c3, c4, c5 } };
}
