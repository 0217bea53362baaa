import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError, type CommandContext } from '../../src/cli/command';
import { packetCommand, parsePacketArgs } from '../../src/cli/commands/packet';
import { createCore } from '../../src/core';
import { dragana, setOffice } from './fixtures';
import { decodeQrCodes, pdfPageImage, pdfPages } from './pdf-tools';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A data folder with one client, opened the way the CLI opens it (key from the environment's key folder). */
async function dataWithClient(client = dragana): Promise<{ dataDir: string; clientId: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-cli-'));
  dirs.push(dataDir);
  const core = createCore({ dataDir, log: () => {} });
  try {
    // The office's police administration account, as entered in Settings → Office.
    await setOffice(core);
    return { dataDir, clientId: (await core.call('clients.create', { client })).id };
  } finally {
    core.close();
  }
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const context: CommandContext = {
    io: { stdout: (line) => out.push(line), stderr: (line) => err.push(line) },
    env: process.env,
    cwd: process.cwd(),
  };
  return { context, out, err };
}

const runPacket = (argv: string[], context: CommandContext) => packetCommand.run(argv, context);

describe('cli packet', () => {
  it('writes the ID card packet to --out and says where', async () => {
    const { dataDir, clientId } = await dataWithClient();
    const out = path.join(dataDir, 'id-card.pdf');
    const { context, out: stdout } = capture();
    expect(await runPacket([clientId, 'id-card', '--out', out, '--data', dataDir], context)).toBe(0);
    expect(stdout.join('\n')).toMatch(/id-card\.pdf: 3 pages, \d+ KB, packet [0-9a-f-]{36}/);
    const pdf = fs.readFileSync(out);
    const pages = pdfPages(pdf);
    const slipPage = pages.findIndex((text) => text.includes('НАЛОГ ЗА УПЛАТУ')) + 1;
    expect(decodeQrCodes(pdfPageImage(pdf, slipPage))).toHaveLength(2);
  });

  it('exits 1 with the preflight list when data is missing, and prints blanks with --allow-blank', async () => {
    const { dataDir, clientId } = await dataWithClient({ ...dragana, parentName: null });
    const out = path.join(dataDir, 'health.pdf');
    const blocked = capture();
    expect(
      await runPacket(
        [clientId, 'health', '--basis', 'roma-no-residence', '--out', out, '--data', dataDir],
        blocked.context,
      ),
    ).toBe(1);
    const report = blocked.err.join('\n');
    expect(report).toContain('ERROR client.parentName (statement-roma-nationality)');
    expect(report).toContain('ERROR options.rfzoBranch (rfzo-cover-letter)');
    expect(fs.existsSync(out)).toBe(false);

    const blank = capture();
    expect(
      await runPacket(
        [
          clientId,
          'health',
          '--basis',
          'roma-no-residence',
          '--allow-blank',
          '--script',
          'cyrl',
          '--out',
          out,
          '--data',
          dataDir,
        ],
        blank.context,
      ),
    ).toBe(0);
    expect(blank.err.join('\n')).toContain('printed blank');
    expect(pdfPages(fs.readFileSync(out))[0]).toContain('ПАКЕТ ДОКУМЕНАТА');
  });

  it('explains wrong arguments instead of guessing', () => {
    const { context } = capture();
    const usage = (argv: string[]) => {
      try {
        parsePacketArgs(argv, context);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
    };
    expect(usage(['x', 'passport', '--out', 'a.pdf'])).toContain('residence, id-card, health');
    expect(usage(['x', 'health', '--out', 'a.pdf'])).toContain('--basis');
    expect(usage(['x', 'residence', '--basis', 'unemployed', '--out', 'a.pdf'])).toBe(
      '--basis is for the health packet only.',
    );
    expect(usage(['x', 'residence'])).toBe('--out FILE.pdf is required.');
    expect(usage(['x', 'residence', '--script', 'glagolitic', '--out', 'a.pdf'])).toContain('cyrl, latn');
    expect(parsePacketArgs(['x', 'residence', '--out', 'a.pdf', '--data', '/d'], context)).toMatchObject({
      dataDir: '/d',
      out: path.resolve('a.pdf'),
      options: { procedure: 'residence', allowBlank: false },
    });
  });
});
