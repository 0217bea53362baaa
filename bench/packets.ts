import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { createCore } from '../src/core';
import { createClientService } from '../src/core/clients/service';
import { DATABASE_FILE, openDatabase } from '../src/core/db/open';
import { syncOnOpen } from '../src/core/sync/triggers';
import { fontMetrics } from '../src/core/packets/fonts';
import { packetDocument } from '../src/core/packets/layout/packet';
import { createPdfRenderer } from '../src/core/packets/pdf';
import { loadPacketResources } from '../src/core/packets/resources';
import { createPacketService } from '../src/core/packets/service';
import type { ClientInput } from '../src/shared/client';
import type { PacketOptionsInput } from '../src/shared/packets';
import { PacketOptions } from '../src/shared/packets';
import { figure, latencies, type BenchModule } from './measure';
import { packetHtml } from './packet-html';

/**
 * Packet rendering: for each procedure, the whole `packets.render` call warm (preflight, pdfmake,
 * the packet log) and pdfmake alone, the PDF size, and in the same run the same content drawn as
 * HTML and printed by headless Chromium's `page.pdf()` as a baseline.
 */

const WARM_UP = 5;
const RUNS = 40;
const CHROMIUM_RUNS = 15;
const RENDER_P50_TARGET_MS = 150;
/** Issue 12: the first packet after start, with the core idle for a moment first. */
const FIRST_AFTER_START_TARGET_MS = 100;
/** Fresh processes per cold figure (each is one office PC starting). */
const COLD_RUNS = 3;
/** How long the core is left idle after start before the first packet (it warms up meanwhile). */
const IDLE_AFTER_START_MS = 1500;

/** The first `packets.render` in a fresh process, `idleMs` after the core opened (medians of runs). */
async function firstRender(
  idleMs: number,
  options: PacketOptionsInput,
): Promise<{ wallMs: number; cpuMs: number }> {
  const child = path.join(import.meta.dirname, 'packets-cold-child.ts');
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-bench-cold-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [
        '--import',
        'tsx',
        child,
        dataDir,
        String(idleMs),
        JSON.stringify(options),
      ]);
      const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        firstMs: number;
        firstCpuMs: number;
        status: string;
      };
      if (result.status !== 'rendered') throw new Error(`the cold packet was ${result.status}`);
      times.push(result.firstMs);
      cpuTimes.push(result.firstCpuMs);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { wallMs: round(latencies(times).p50Ms), cpuMs: round(latencies(cpuTimes).p50Ms) };
}

const returnee: ClientInput = {
  surname: 'Jovanović',
  givenName: 'Dragana',
  parentName: 'Milan',
  jmbg: '0101990715000',
  birthPlace: 'Niš',
  birthCountry: 'Srbija',
  citizenship: 'Republika Srbija',
  phone: '064 123 4567',
  address: { place: 'Beograd', municipality: 'Voždovac', street: 'Ustanička', number: '12', flat: '4' },
  category: 'returnee_germany',
  preferredScript: 'latn',
  documents: [{ kind: 'id_card', number: '009876543', issuedOn: '2015-05-20', expiresOn: '2030-05-20' }],
};

const PACKETS: { name: string; options: PacketOptionsInput }[] = [
  {
    name: 'residence',
    options: {
      procedure: 'residence',
      residenceVariant: 'dwelling',
      owner: { fullName: 'Petar Petrović' },
      policeStation: 'PS Voždovac',
      settledOn: '2025-03-10',
    },
  },
  {
    name: 'id-card',
    options: {
      procedure: 'id-card',
      registryRequests: true,
      registryOffice: 'Gradska uprava Niš',
      policeStation: 'PS Voždovac',
    },
  },
  {
    name: 'health',
    options: { procedure: 'health', basis: 'roma-no-residence', rfzoBranch: 'Beograd, Palmotićeva 37' },
  },
];

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

async function timed(runs: number, work: () => Promise<unknown>): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const usage = process.cpuUsage();
    const started = performance.now();
    await work();
    wall.push(performance.now() - started);
    const used = process.cpuUsage(usage);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

export const packetsBench: BenchModule = {
  name: 'packets',
  async run(progress) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-bench-packets-'));
    const databaseKey = randomBytes(32);
    const core = createCore({ dataDir, databaseKey, log: () => {} });
    // A second connection gives the packet service itself, to draw the same snapshot as HTML.
    const db = openDatabase(path.join(dataDir, DATABASE_FILE), { key: databaseKey, ...syncOnOpen });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const client = await core.call('clients.create', { client: returnee });
      const clock = () => new Date();
      const packets = createPacketService({
        db,
        clock,
        log: () => {},
        clients: createClientService(db, clock),
      });
      const resources = loadPacketResources();
      const fonts = fontMetrics(resources.fonts);
      const renderPdf = createPdfRenderer(resources.fonts);
      const page = await browser.newPage();
      const results: Record<string, unknown> = {};

      for (const { name, options } of PACKETS) {
        progress(`${name}: ${WARM_UP} warm-up and ${RUNS} measured renders`);
        let last: { pageCount: number; sizeBytes: number } = { pageCount: 0, sizeBytes: 0 };
        const call = async () => {
          const result = await core.call('packets.render', { clientId: client.id, options });
          if (result.status !== 'rendered')
            throw new Error(`${name} is blocked: ${JSON.stringify(result.preflight.problems)}`);
          last = result.packet;
        };
        for (let i = 0; i < WARM_UP; i++) await call();
        const full = await timed(RUNS, call);

        const snapshot = packets.snapshot(client.id, PacketOptions.parse(options));
        const pdfmakeOnly = await timed(RUNS, () => renderPdf(packetDocument(snapshot, fonts)));

        progress(`${name}: Chromium baseline, ${CHROMIUM_RUNS} runs`);
        const { html, footer } = packetHtml(packetDocument(snapshot, fonts));
        let chromiumBytes = 0;
        const printHtml = async () => {
          await page.setContent(html);
          const pdf = await page.pdf({
            format: 'A4',
            preferCSSPageSize: true,
            displayHeaderFooter: true,
            headerTemplate: '<span></span>',
            footerTemplate: footer,
          });
          chromiumBytes = pdf.length;
        };
        // Chromium's first print of this content on a fresh page: its "cold" beside ours.
        const coldPage = await browser.newPage();
        const chromiumColdStarted = performance.now();
        await coldPage.setContent(html);
        await coldPage.pdf({ format: 'A4', preferCSSPageSize: true });
        const chromiumColdMs = Math.round((performance.now() - chromiumColdStarted) * 10) / 10;
        await coldPage.close();
        for (let i = 0; i < 3; i++) await printHtml();
        const chromiumRuns = await timed(CHROMIUM_RUNS, printHtml);

        progress(`${name}: first packet in fresh processes (${COLD_RUNS} × 2)`);
        const coldMs = await firstRender(0, options);
        const afterIdleMs = await firstRender(IDLE_AFTER_START_MS, options);

        const fullLatency = latencies(full.wall);
        const chromiumLatency = latencies(chromiumRuns.wall);
        results[name] = {
          pages: last.pageCount,
          pdfKb: Math.round(last.sizeBytes / 102.4) / 10,
          render: {
            ...fullLatency,
            p50: figure(fullLatency.p50Ms, 'ms', { max: RENDER_P50_TARGET_MS }),
            cpuP50Ms: latencies(full.cpu).p50Ms,
          },
          // The first packet of a fresh process: asked for at once, and after the idle warm-up.
          cold: {
            atOnceMs: coldMs.wallMs,
            atOnceCpuMs: coldMs.cpuMs,
            firstAfterStart: figure(afterIdleMs.wallMs, 'ms', { max: FIRST_AFTER_START_TARGET_MS }),
            firstAfterStartCpuMs: afterIdleMs.cpuMs,
            idleBeforeMs: IDLE_AFTER_START_MS,
          },
          pdfmakeOnly: { ...latencies(pdfmakeOnly.wall), cpuP50Ms: latencies(pdfmakeOnly.cpu).p50Ms },
          chromium: {
            ...chromiumLatency,
            coldMs: chromiumColdMs,
            pdfKb: Math.round(chromiumBytes / 102.4) / 10,
          },
          chromiumToPdfmakeP50: Math.round((chromiumLatency.p50Ms / fullLatency.p50Ms) * 100) / 100,
        };
      }
      return results;
    } finally {
      await browser.close();
      db.close();
      core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
