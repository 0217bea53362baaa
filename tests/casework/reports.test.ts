import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readPdf, rejection, useCaseworkCore } from './helpers';
import { buildMarch } from './report-dataset';

const openCore = useCaseworkCore();
const MARCH = { from: '2025-03-01', to: '2025-03-31' };

async function march() {
  const { core, setToday } = openCore();
  const data = await buildMarch(core, setToday);
  return { core, ...data };
}

const rows = (items: { key: string; consultations: number; supporting: number; total: number }[]) =>
  Object.fromEntries(items.map((row) => [row.key, [row.consultations, row.supporting, row.total]]));

describe('the report for a period and office', () => {
  it('counts services and consultations by kind, category, sex and age band', async () => {
    const { core, thisOffice } = await march();
    const report = await core.call('reports.run', { ...MARCH, officeId: thisOffice.id });

    expect(report.office?.name).toBe('This office');
    expect(report.totals).toMatchObject({ services: 9, consultations: 5, supporting: 4, clientsServed: 5 });
    expect(rows(report.servicesByKind)).toEqual({
      information: [2, 0, 2],
      counselling: [1, 0, 1],
      document_assistance: [0, 1, 1],
      employment_career: [1, 0, 1],
      regular_migration: [1, 0, 1],
      psychosocial: [0, 1, 1],
      housing: [0, 1, 1],
      other: [0, 1, 1],
    });
    expect(rows(report.servicesByCategory)).toEqual({
      returnee_germany: [3, 2, 5],
      returnee_other: [1, 0, 1],
      local_vulnerable: [0, 2, 2],
      regular_migration: [1, 0, 1],
    });
    expect(rows(report.servicesBySex)).toEqual({ M: [2, 0, 2], F: [3, 2, 5], unknown: [0, 2, 2] });
    expect(rows(report.servicesByAgeBand)).toEqual({
      '0-17': [1, 0, 1],
      '18-24': [1, 0, 1],
      '25-34': [2, 2, 4],
      '35-44': [0, 0, 0],
      '45-54': [0, 0, 0],
      '55-64': [0, 0, 0],
      '65+': [1, 0, 1],
      unknown: [0, 2, 2],
    });
  });

  it('counts procedures opened and closed in the period by kind', async () => {
    const { core, thisOffice } = await march();
    const report = await core.call('reports.run', { ...MARCH, officeId: thisOffice.id });
    expect(report.proceduresByKind).toEqual([
      { kind: 'residence_registration', opened: 1, completed: 1, rejected: 0, abandoned: 1 },
      { kind: 'id_card', opened: 1, completed: 1, rejected: 0, abandoned: 0 },
      { kind: 'health_insurance', opened: 2, completed: 0, rejected: 1, abandoned: 0 },
    ]);
    expect(report.totals).toMatchObject({ proceduresOpened: 4, proceduresCompleted: 2 });
  });

  it('counts referrals by partner kind and outcome, open ones as pending', async () => {
    const { core, thisOffice } = await march();
    const report = await core.call('reports.run', { ...MARCH, officeId: thisOffice.id });
    expect(report.referralsByPartnerKind).toEqual([
      { partnerKind: 'csr', outcome: 'resolved', count: 1 },
      { partnerKind: 'csr', outcome: 'client_did_not_go', count: 1 },
      { partnerKind: 'csr', outcome: 'pending', count: 1 },
      { partnerKind: 'police_administration', outcome: 'pending', count: 1 },
    ]);
    expect(report.totals.referrals).toBe(4);
  });

  it('counts every office when none is named, and only the other office when it is', async () => {
    const { core, nis } = await march();
    const all = await core.call('reports.run', MARCH);
    expect(all.office).toBeNull();
    expect(all.totals).toMatchObject({ services: 10, consultations: 6, clientsServed: 5 });
    const atNis = await core.call('reports.run', { ...MARCH, officeId: nis.id });
    expect(atNis.totals).toMatchObject({
      services: 1,
      consultations: 1,
      clientsServed: 1,
      proceduresOpened: 0,
      referrals: 0,
    });
  });

  it('refuses a period that ends before it starts', async () => {
    const { core } = openCore();
    const error = await rejection(core.call('reports.run', { from: '2025-03-31', to: '2025-03-01' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toHaveProperty('to');
  });
});

describe('report exports', () => {
  it('writes CSV in long form that reads back to the same numbers', async () => {
    const { core, thisOffice } = await march();
    const file = await core.call('reports.export', { ...MARCH, officeId: thisOffice.id, format: 'csv' });
    expect(file).toMatchObject({
      fileName: 'report-2025-03-01-2025-03-31.csv',
      mimeType: 'text/csv; charset=utf-8',
    });
    const text = Buffer.from(file.contentBase64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    const value = (section: string, key: string, measure: string) =>
      records.find((r) => r.section === section && r.key === key && r.measure === measure)?.value;

    expect(value('totals', 'services', 'count')).toBe('9');
    expect(value('services_by_kind', 'information', 'total')).toBe('2');
    expect(records.find((r) => r.key === 'information')?.label).toBe('Informisanje');
    expect(value('services_by_sex', 'unknown', 'supporting')).toBe('2');
    expect(value('services_by_age_band', '25-34', 'consultations')).toBe('2');
    expect(value('procedures_by_kind', 'health_insurance', 'rejected')).toBe('1');
    expect(value('referrals_by_partner_kind', 'csr', 'pending')).toBe('1');
    expect(value('referrals_by_partner_kind', 'csr', 'total')).toBe('3');
  });

  it('writes an XLSX workbook with a summary sheet and one sheet per breakdown, in Cyrillic on request', async () => {
    const { core, thisOffice } = await march();
    const file = await core.call('reports.export', {
      ...MARCH,
      officeId: thisOffice.id,
      format: 'xlsx',
      language: 'sr-Cyrl',
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);

    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Извештај о раду',
      'services_by_kind',
      'services_by_category',
      'services_by_sex',
      'services_by_age_band',
      'procedures_by_kind',
      'referrals_by_partner_kind',
    ]);
    const values = (sheetName: string) => {
      const sheet = workbook.getWorksheet(sheetName)!;
      const out: unknown[][] = [];
      sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out;
    };
    expect(values('Извештај о раду')).toContainEqual(['services', 'Услуге', 9]);
    expect(values('Извештај о раду')).toContainEqual(['Период: 01.03.2025. – 31.03.2025.']);
    expect(values('services_by_category')).toContainEqual([
      'returnee_germany',
      'Повратник из Немачке',
      3,
      2,
      5,
    ]);
    expect(values('procedures_by_kind')).toContainEqual([
      'residence_registration',
      'Пријава пребивалишта',
      1,
      1,
      0,
      1,
    ]);
  });

  it('writes a one-page PDF summary with the totals and every breakdown', async () => {
    const { core, thisOffice } = await march();
    const file = await core.call('reports.export', {
      ...MARCH,
      officeId: thisOffice.id,
      format: 'pdf',
      language: 'en',
    });
    const pdf = readPdf(file.contentBase64);
    expect(pdf.pages).toBe(1);
    expect(pdf.pageSize).toContain('(A4)');
    expect(pdf.flat).toContain('Activity report');
    expect(pdf.flat).toContain('Period: 01.03.2025. – 31.03.2025.');
    expect(pdf.flat).toContain('Office: This office');
    // The totals line: services, consultations, supporting, clients, opened, completed, referrals.
    expect(pdf.text).toMatch(/^\s*9\s+5\s+4\s+5\s+4\s+2\s+4\s*$/m);
    expect(pdf.text).toMatch(/Returnee from Germany\s+3\s+2\s+5\s/);
    expect(pdf.text).toMatch(/Female\s+3\s+2\s+5\s/);
    expect(pdf.text).toMatch(/65 and over\s+1\s+0\s+1\s/);
    expect(pdf.text).toMatch(/Health insurance\s+2\s+0\s+1\s+0\s/);
    expect(pdf.text).toMatch(/Centre for Social Work\s+1\s+0\s+0\s+0\s+1\s+1\s+3\s/);
  });

  it('keeps a month with every partner kind and outcome on one page', async () => {
    const { core, clients } = await march();
    const kinds = [
      'kirs_trustee',
      'local_self_government',
      'roma_coordinator',
      'health_mediator',
      'pedagogical_assistant',
      'rfzo_branch',
      'registry_office',
      'adult_education_school',
      'ngo',
      'employer',
    ] as const;
    for (const kind of kinds) {
      const partner = await core.call('partners.save', {
        partner: { city: 'Bor', kind, name: `Partner ${kind}` },
      });
      await core.call('referrals.create', {
        clientId: clients.c1.id,
        partnerId: partner.id,
        reason: 'x',
        referredOn: '2025-03-20',
      });
    }
    const file = await core.call('reports.export', { ...MARCH, format: 'pdf', language: 'sr-Latn' });
    const pdf = readPdf(file.contentBase64);
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toMatch(/Škola za obrazovanje odraslih\s+0\s+0\s+0\s+0\s+0\s+1\s+1\s/);
    expect(pdf.text).toMatch(/Poslodavac\s+0\s+0\s+0\s+0\s+0\s+1\s+1\s/);
  });
});
