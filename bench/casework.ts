import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../src/core';
import { addDays, localDate, monthOf } from '../src/core/casework/dates';
import { nameScriptOf, namesInScripts, searchKeyOf } from '../src/core/clients/names';
import { DATABASE_FILE, openDatabase, type Db } from '../src/core/db/open';
import { syncOnOpen } from '../src/core/sync/triggers';
import { uuidv7 } from '../src/core/ids';
import { PROCEDURE_KINDS, ProcedureKind, ServiceKind } from '../src/shared/casework';
import { generateClients } from './client-generator';
import { figure, latencies, type BenchModule } from './measure';

/**
 * Casework at office scale: 100,000 clients with 1,000,000 services over two years at two
 * offices, plus procedures, referrals and appointments; then the dashboard (the start screen)
 * and a month's report, through `core.call` as the UI makes them. Rows are written with plain SQL
 * in one transaction into the same columns the casework repositories use, which is far faster
 * than a million calls and measures the reads, not the setup.
 */

const CLIENTS = 100_000;
const SERVICES = 1_000_000;
const PROCEDURES = 60_000;
/** Procedures still in progress: what the dashboard's deadlines read. A desk follows hundreds to a few thousand. */
const IN_PROGRESS_SHARE = 0.04;
const REFERRALS = 30_000;
const APPOINTMENTS = 20_000;
const DAYS = 730;
const DASHBOARD_RUNS = 60;
const REPORT_RUNS = 25;
const DASHBOARD_TARGET_MS = 50;
const REPORT_TARGET_MS = 300;

const CATEGORIES = ['returnee_germany', 'returnee_other', 'local_vulnerable', 'regular_migration'] as const;
const OUTCOMES = [
  'resolved',
  'partly_resolved',
  'not_resolved',
  'declined_by_partner',
  'client_did_not_go',
] as const;

/** mulberry32, seeded: the same data every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The named indexes or triggers on some tables, with the SQL that made them. */
function schemaOf(
  db: Db,
  type: 'index' | 'trigger',
  tables: readonly string[],
): { name: string; sql: string }[] {
  return db
    .prepare<[string, string], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?))`,
    )
    .all(type, JSON.stringify(tables));
}

/** A UUID-shaped id for row `i` of a bulk insert: time-ordered like UUIDv7, so the primary key is appended to. */
const ID = (i: string) =>
  `printf('%08x-%04x-7%03x-8%03x-%012x', (CAST(@ms AS INTEGER) + ${i}) >> 16, (CAST(@ms AS INTEGER) + ${i}) & 65535, ${i} & 4095, (${i} >> 12) & 4095, abs(random()) % 281474976710656)`;

/**
 * Fills the casework tables with generated rows in one transaction. Clients go through the same
 * name folding as the registry (their search key); the million services and the rest are made by
 * `INSERT … SELECT` in SQL, with the secondary indexes dropped first and rebuilt after (a bulk
 * load, not a million B-tree updates), then `ANALYZE`.
 */
export function fill(db: Db, today: string, progress: (line: string) => void): { officeId: string } {
  const next = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const ms = Date.now();
  const office = db.prepare<[], { id: string }>('SELECT id FROM offices WHERE is_default = 1').get()!;
  const otherOffice = uuidv7();
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO offices (id, name, city, hotspot_weekday, is_default, created_at, updated_at)
     VALUES (?, 'MSC Niš', 'Niš', 2, 0, ?, ?)`,
  ).run(otherOffice, now, now);
  const common = { ms, today, office: office.id, other: otherOffice, days: DAYS };

  // Generated history counts as already synced: the sync triggers (one outbox entry per edit) are
  // set aside for the load and put back after, exactly as they were.
  const bulkTables = ['clients', 'services', 'procedures', 'procedure_steps', 'referrals', 'appointments'];
  const triggers = schemaOf(db, 'trigger', bulkTables);
  for (const trigger of triggers) db.exec(`DROP TRIGGER ${trigger.name}`);
  const keptTriggers = new Set(['clients_fts_insert', 'clients_fts_delete', 'clients_fts_update']);
  for (const trigger of triggers.filter((t) => keptTriggers.has(t.name))) db.exec(trigger.sql);

  progress(`${CLIENTS} clients`);
  const insertClient = db.prepare(
    `INSERT INTO clients (id, surname, given_name, parent_name, name_script, sex, birth_date, category,
       preferred_script, search_key, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'cyrl', ?, ?, ?)`,
  );
  for (const generated of generateClients(CLIENTS, 11)) {
    const typed = {
      surname: generated.surname,
      givenName: generated.givenName,
      parentName: generated.parentName || null,
    };
    const script = nameScriptOf(typed);
    const [d, m, y] = generated.birthDate.split('.');
    const created = `${addDays(today, -Math.floor(next() * (DAYS + 365)))}T08:00:00.000Z`;
    insertClient.run(
      uuidv7(),
      typed.surname,
      typed.givenName,
      typed.parentName,
      script,
      next() < 0.05 ? null : generated.sex === 'Ž' ? 'F' : 'M',
      next() < 0.08 ? null : `${y}-${m}-${d}`,
      pick(CATEGORIES),
      searchKeyOf(namesInScripts(typed, script, null)),
      created,
      created,
    );
  }

  const indexes = schemaOf(
    db,
    'index',
    bulkTables.filter((table) => table !== 'clients'),
  );
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);

  // MATERIALIZED keeps each row's random draws fixed; a flattened subquery would draw again per use.
  const rows = (count: number, columns: string) =>
    `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${count} - 1),
     r AS MATERIALIZED (SELECT i, abs(random()) AS c, ${columns} FROM seq)`;
  // Correlated on the row's own draw `c`: an uncorrelated subquery would run once for all rows.
  const clientAt = `(SELECT id FROM clients WHERE n = 1 + c % ${CLIENTS})`;
  const officeAt = `CASE WHEN abs(random()) % 5 = 0 THEN @other ELSE @office END`;

  progress(`${SERVICES} services`);
  db.prepare(
    `${rows(SERVICES, `date(@today, '-' || (abs(random()) % CAST(@days AS INTEGER)) || ' days') AS d, abs(random()) AS x`)}
     INSERT INTO services (id, client_id, office_id, kind, served_on, duration_minutes, note, counsellor, created_at, updated_at)
     SELECT ${ID('i')}, ${clientAt}, ${officeAt}, json_extract(@kinds, '$[' || (x % 8) || ']'), d,
       CASE WHEN x % 2 = 0 THEN 30 END, NULL, 'desk', d || 'T09:30:00.000Z', d || 'T09:30:00.000Z'
     FROM r`,
  ).run({ ...common, kinds: JSON.stringify(ServiceKind.options) });

  progress(`${PROCEDURES} procedures with their steps`);
  const inProgressPerMille = Math.round(IN_PROGRESS_SHARE * 1000);
  db.prepare(
    `${rows(
      PROCEDURES,
      `abs(random()) % 1000 < ${inProgressPerMille} AS live, abs(random()) AS x, abs(random()) AS y`,
    )},
     p AS MATERIALIZED (SELECT i, c, x, json_extract(@kinds, '$[' || (x % 3) || ']') AS kind,
       CASE WHEN live THEN json_extract('["open","documents_gathering","submitted"]', '$[' || (y % 3) || ']')
            ELSE json_extract('["completed","completed","completed","rejected","abandoned"]', '$[' || (y % 5) || ']') END AS status,
       date(@today, '-' || (CASE WHEN live THEN y % 40 ELSE y % CAST(@days AS INTEGER) END) || ' days') AS opened FROM r)
     INSERT INTO procedures (id, client_id, office_id, kind, status, counsellor, opened_on, settled_on, submitted_on,
       closed_on, created_at, updated_at)
     SELECT ${ID('i + 2000000')}, ${clientAt}, ${officeAt}, kind, status, 'desk', opened,
       CASE WHEN kind = 'residence_registration' THEN date(opened, '-' || (x % 5) || ' days') END,
       CASE WHEN status IN ('submitted', 'completed', 'rejected') THEN date(opened, '+3 days') END,
       CASE WHEN status IN ('completed', 'rejected', 'abandoned') THEN date(opened, '+20 days') END,
       opened || 'T10:00:00.000Z', opened || 'T10:00:00.000Z'
     FROM p`,
  ).run({ ...common, kinds: JSON.stringify(ProcedureKind.options) });
  db.prepare(
    `INSERT INTO procedure_steps (id, procedure_id, step, done_on, created_at, updated_at)
     SELECT ${ID('(p.rowid * 8 + s.key + 4000000)')}, p.id, s.value,
       CASE WHEN abs(random()) % 2 = 0 THEN p.opened_on END, p.created_at, p.created_at
     FROM procedures p, json_each(json_extract(@steps, '$.' || p.kind)) s`,
  ).run({
    ms,
    steps: JSON.stringify(Object.fromEntries(Object.entries(PROCEDURE_KINDS).map(([k, v]) => [k, v.steps]))),
  });

  progress(`${REFERRALS} referrals, ${APPOINTMENTS} appointments`);
  const partners = db
    .prepare<[], { id: string }>('SELECT id FROM partners')
    .all()
    .map((row) => row.id);
  db.prepare(
    `${rows(REFERRALS, `date(@today, '-' || (abs(random()) % CAST(@days AS INTEGER)) || ' days') AS d, abs(random()) AS x`)}
     INSERT INTO referrals (id, client_id, partner_id, office_id, reference_code, reason, referred_on, counsellor,
       consent_given, consent_how, consent_recorded_at, status, outcome, closed_on, created_at, updated_at)
     SELECT ${ID('i + 6000000')}, ${clientAt}, json_extract(@partners, '$[' || (x % CAST(@partnerCount AS INTEGER)) || ']'), ${officeAt},
       'B-' || i, 'Bench', d, 'desk', 1, 'signed', d || 'T11:00:00.000Z',
       CASE WHEN x % 10 < 7 THEN 'closed' ELSE 'sent' END,
       CASE WHEN x % 10 < 7 THEN json_extract(@outcomes, '$[' || (x % 5) || ']') END,
       CASE WHEN x % 10 < 7 THEN date(d, '+10 days') END,
       d || 'T11:00:00.000Z', d || 'T11:00:00.000Z'
     FROM r`,
  ).run({
    ...common,
    partners: JSON.stringify(partners),
    partnerCount: partners.length,
    outcomes: JSON.stringify(OUTCOMES),
  });
  // The last 25 are today's hotspot list at this office.
  db.prepare(
    `${rows(APPOINTMENTS, `date(@today, '-' || (abs(random()) % CAST(@days AS INTEGER)) || ' days') AS d`)}
     INSERT INTO appointments (id, client_id, office_id, date, time, purpose, status, counsellor, created_at, updated_at)
     SELECT ${ID('i + 7000000')}, ${clientAt},
       CASE WHEN i >= ${APPOINTMENTS - 25} THEN @office ELSE ${officeAt} END,
       CASE WHEN i >= ${APPOINTMENTS - 25} THEN @today ELSE d END,
       printf('%02d:%02d', 8 + i % 8, 30 * (i % 2)), NULL,
       CASE WHEN i >= ${APPOINTMENTS - 25} THEN 'booked' ELSE 'attended' END, 'desk',
       d || 'T08:00:00.000Z', d || 'T08:00:00.000Z'
     FROM r`,
  ).run(common);

  progress(`rebuilding ${indexes.length} indexes`);
  for (const index of indexes) db.exec(index.sql);
  for (const trigger of triggers.filter((t) => !keptTriggers.has(t.name))) db.exec(trigger.sql);
  return { officeId: office.id };
}

/**
 * Wall-clock samples of a call, and its CPU time (this process's user + system): on a shared,
 * busy machine the wall clock also counts time spent waiting for a core, the CPU time does not.
 */
async function timed<T>(runs: number, call: () => Promise<T>): Promise<{ wall: number[]; cpu: number[] }> {
  await call(); // warm: prepared statements and page cache, as on a desk that has been open a while
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await call();
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

/** p50/p95 of wall time with the target on p95, and the CPU-time p50/p95 beside them. */
function measured(samples: { wall: number[]; cpu: number[] }, targetMs: number) {
  const wall = latencies(samples.wall);
  const cpu = latencies(samples.cpu);
  return {
    ...wall,
    p95: figure(wall.p95Ms, 'ms', { max: targetMs }),
    cpuP50Ms: cpu.p50Ms,
    cpuP95Ms: cpu.p95Ms,
  };
}

export const caseworkBench: BenchModule = {
  name: 'casework',
  async run(progress) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-bench-casework-'));
    const databaseKey = randomBytes(32);
    try {
      createCore({ dataDir, databaseKey, log: () => {} }).close(); // creates and migrates the database
      const today = localDate(new Date());
      const db = openDatabase(path.join(dataDir, DATABASE_FILE), { key: databaseKey, ...syncOnOpen });
      // For the load only (the measured core reopens with its own settings): no journal, no fsync,
      // a big cache. A crash here loses nothing but a temp folder.
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.pragma('cache_size = -262144');
      db.pragma('temp_store = MEMORY');
      let started = performance.now();
      const { officeId } = db.transaction(() => fill(db, today, progress)).immediate();
      const fillSeconds = (performance.now() - started) / 1000;
      progress('analyze');
      db.pragma('analysis_limit = 400'); // sampled statistics: what `PRAGMA optimize` gathers, in seconds not minutes
      db.exec('ANALYZE');
      db.pragma('journal_mode = WAL');
      db.close();

      const core = createCore({ dataDir, databaseKey, log: () => {} });
      try {
        progress(`dashboard × ${DASHBOARD_RUNS}`);
        let dashboard = await core.call('dashboard.get', {});
        const dashboardTimes = await timed(
          DASHBOARD_RUNS,
          async () => (dashboard = await core.call('dashboard.get', {})),
        );

        const month = monthOf(addDays(monthOf(today).from, -1)); // last full month
        progress(`report for ${month.from}…${month.to} × ${REPORT_RUNS}`);
        let report = await core.call('reports.run', { ...month, officeId });
        const reportTimes = await timed(
          REPORT_RUNS,
          async () => (report = await core.call('reports.run', { ...month, officeId })),
        );
        const allOfficesTimes = await timed(REPORT_RUNS, () => core.call('reports.run', month));

        progress('exports');
        started = performance.now();
        await core.call('reports.export', { ...month, officeId, format: 'xlsx' });
        const xlsxMs = performance.now() - started;
        started = performance.now();
        await core.call('reports.export', { ...month, officeId, format: 'pdf' });
        const pdfMs = performance.now() - started;

        return {
          rows: {
            clients: CLIENTS,
            services: SERVICES,
            procedures: PROCEDURES,
            referrals: REFERRALS,
            appointments: APPOINTMENTS,
          },
          fillSeconds: Math.round(fillSeconds * 10) / 10,
          dashboard: {
            ...measured(dashboardTimes, DASHBOARD_TARGET_MS),
            shows: {
              appointments: dashboard.appointments.length,
              deadlines: dashboard.deadlineCount,
              monthServices: dashboard.month.services,
            },
          },
          monthlyReport: {
            ...measured(reportTimes, REPORT_TARGET_MS),
            period: `${month.from}…${month.to}`,
            servicesCounted: report.totals.services,
            clientsServed: report.totals.clientsServed,
            // For information: every office at once is not the target's question.
            allOffices: {
              ...latencies(allOfficesTimes.wall),
              cpuP50Ms: latencies(allOfficesTimes.cpu).p50Ms,
            },
          },
          exportMs: { xlsx: Math.round(xlsxMs), pdf: Math.round(pdfMs) },
        };
      } finally {
        core.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
