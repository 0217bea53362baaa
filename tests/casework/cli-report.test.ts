import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/commands/report';
import { createCore } from '../../src/core';
import { buildMarch } from './report-dataset';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A data folder holding the hand-built March (see report-dataset.ts), closed again. */
async function marchData(): Promise<{ dir: string; data: string; officeId: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-cli-report-'));
  dirs.push(dir);
  const data = path.join(dir, 'data');
  let now = new Date('2025-04-01T12:00:00Z');
  const core = createCore({ dataDir: data, log: () => {}, clock: () => now });
  try {
    const { thisOffice } = await buildMarch(core, (date) => {
      now = new Date(`${date}T12:00:00Z`);
    });
    return { dir, data, officeId: thisOffice.id };
  } finally {
    core.close();
  }
}

async function report(argv: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line) };
  const code = await reportCommand.run(argv, { io, env: process.env, cwd }).catch((error: unknown) => {
    err.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    return -1;
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli report', () => {
  it('prints the period as JSON for one office', async () => {
    const { dir, data, officeId } = await marchData();
    const result = await report(
      [
        '--from',
        '2025-03-01',
        '--to',
        '2025-03-31',
        '--office',
        officeId,
        '--format',
        'json',
        '--data',
        data,
      ],
      dir,
    );
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.out) as { totals: Record<string, number>; office: { name: string } };
    expect(parsed.office.name).toBe('This office');
    expect(parsed.totals).toMatchObject({
      services: 9,
      consultations: 5,
      supporting: 4,
      clientsServed: 5,
      referrals: 4,
    });
  });

  it('writes CSV and XLSX files for all offices', async () => {
    const { dir, data } = await marchData();
    const csv = await report(
      ['--from', '2025-03-01', '--to', '2025-03-31', '--format', 'csv', '--out', 'march.csv', '--data', data],
      dir,
    );
    expect(csv.code).toBe(0);
    expect(csv.out).toContain(`written to ${path.join(dir, 'march.csv')}`);
    expect(fs.readFileSync(path.join(dir, 'march.csv'), 'utf8')).toContain('totals,services,Usluge,count,10');

    const xlsx = await report(
      [
        '--from',
        '2025-03-01',
        '--to',
        '2025-03-31',
        '--format',
        'xlsx',
        '--out',
        'march.xlsx',
        '--language',
        'en',
        '--data',
        data,
      ],
      dir,
    );
    expect(xlsx.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, 'march.xlsx'));
    const rows: unknown[][] = [];
    workbook.getWorksheet('Activity report')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toContainEqual(['services', 'Services', 10]);
  });

  it('says what is wrong with the arguments', async () => {
    const { dir, data } = await marchData();
    const cases: [string[], string][] = [
      [['--to', '2025-03-31', '--format', 'json'], 'Give --from YYYY-MM-DD.'],
      [['--from', '2025-02-30', '--to', '2025-03-31', '--format', 'json'], '--from 2025-02-30 is not a date'],
      [
        ['--from', '2025-03-31', '--to', '2025-03-01', '--format', 'json'],
        'ends (2025-03-01) before it starts',
      ],
      [
        ['--from', '2025-03-01', '--to', '2025-03-31', '--format', 'docx'],
        'Give --format as one of json, csv, xlsx, pdf.',
      ],
      [['--from', '2025-03-01', '--to', '2025-03-31', '--format', 'xlsx'], 'give --out FILE'],
    ];
    for (const [argv, message] of cases) {
      const result = await report([...argv, '--data', data], dir);
      expect(result.code).toBe(-1);
      expect(result.err).toContain('UsageError');
      expect(result.err).toContain(message);
    }
  });

  it('refuses a folder without a database instead of making an empty one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-cli-report-'));
    dirs.push(dir);
    const result = await report(
      ['--from', '2025-03-01', '--to', '2025-03-31', '--format', 'json', '--data', dir],
      dir,
    );
    expect(result.err).toContain('There is no MSC Desk database');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
