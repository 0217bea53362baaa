import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli';
import { createCore } from '../../src/core';
import { startServer } from '../../src/server/admin';
import { backends, dropSchema } from '../server/backends';

/**
 * Sync by carried file (issue 17), through the CLI commands exactly as the README names them:
 * a PC with no link writes its changes to a file, the centre applies it as an online push (with
 * the server stopped or running) and writes the answer, the PC loads it. Applying a file twice
 * changes nothing; an answer for another PC, an old answer, a changed byte are all refused; the
 * file shows nothing of what it carries.
 */

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-bundles-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(backends)('sync by carried file (%s)', (backend) => {
  const schema = `msc_test_bundles_${Math.random().toString(16).slice(2, 10)}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (backend === 'pglite') delete env.DATABASE_URL;
  else env.DATABASE_URL = `${process.env.DATABASE_URL}?options=-csearch_path%3D${schema}`;
  afterAll(async () => {
    if (backend === 'postgres') await dropSchema(schema);
  });

  async function cli(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) }, { env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const file = (name: string) => path.join(work, `${backend}-${name}`);

  it('carries changes to the centre and the answer back, once, for that PC only', async () => {
    const serverDir = file('server');
    if (backend === 'postgres') {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.end();
    }
    const office = await cli(['server', 'office', 'add', 'Užice', '--data', serverDir]);
    expect(office.code).toBe(0);
    const officeId = office.out.trim();
    const codeFor = async () =>
      (await cli(['server', 'enroll-code', officeId, '--data', serverDir])).out.trim();
    const [codeA, codeB] = [await codeFor(), await codeFor()];

    // Both PCs are enrolled once where there is a link (the centre, or the administrator's visit).
    const storage = backend === 'postgres' ? { databaseUrl: env.DATABASE_URL } : { dataDir: serverDir };
    let server = await startServer({ ...storage, port: 0, log: () => {} });
    const [pcA, pcB] = [file('pc-a'), file('pc-b')];
    expect((await cli(['enroll', server.url, codeA, '--data', pcA])).code).toBe(0);
    expect((await cli(['enroll', server.url, codeB, '--data', pcB])).code).toBe(0);
    await server.stop();

    const core = createCore({ dataDir: pcA, log: () => {} });
    for (const surname of ['Marković', 'Đurić', 'Stanković'])
      await core.call('clients.create', {
        client: { surname, givenName: 'Vesna', category: 'returnee_germany' },
      });
    core.close();

    const bundleA = file('a.mscsync');
    const wrote = await cli(['sync', '--to-file', bundleA, '--data', pcA]);
    expect(wrote).toMatchObject({ code: 0 });
    expect(wrote.out).toMatch(/^Wrote 3 change\(s\) to .*a\.mscsync \(sync file 1\)/);
    const sealed = fs.readFileSync(bundleA);
    for (const secret of ['Marković', 'Vesna', 'Stanković'])
      expect(sealed.includes(Buffer.from(secret))).toBe(false);

    // A changed byte is refused and changes nothing.
    const tampered = file('tampered.mscsync');
    const bytes = Buffer.from(sealed);
    bytes[bytes.length - 30]! ^= 0x01;
    fs.writeFileSync(tampered, bytes);
    const refusedTamper = await cli([
      'server',
      'apply-bundle',
      tampered,
      '--reply',
      file('x.answer'),
      '--data',
      serverDir,
    ]);
    expect(refusedTamper.code).toBe(1);
    expect(refusedTamper.err).toMatch(/changed after it was written/);
    expect(fs.existsSync(file('x.answer'))).toBe(false);

    // The centre, server stopped: applied as an online push.
    const answerA = file('a.answer');
    const applied = await cli(['server', 'apply-bundle', bundleA, '--reply', answerA, '--data', serverDir]);
    expect(applied).toMatchObject({ code: 0 });
    expect(applied.out).toMatch(/3 change\(s\) taken, 0 already here, 0 refused/);
    const again = await cli([
      'server',
      'apply-bundle',
      bundleA,
      '--reply',
      file('a2.answer'),
      '--data',
      serverDir,
    ]);
    expect(again.out).toMatch(/0 change\(s\) taken, 3 already here, 0 refused/);

    // Back at the PC.
    const wrongPc = await cli(['sync', '--from-file', answerA, '--data', pcB]);
    expect(wrongPc.code).not.toBe(0);
    expect(wrongPc.err).toMatch(/meant for another PC/);
    const loaded = await cli(['sync', '--from-file', answerA, '--data', pcA]);
    expect(loaded).toMatchObject({ code: 0 });
    expect(loaded.out).toMatch(/^The centre took 3 change\(s\)/);
    const twice = await cli(['sync', '--from-file', file('a2.answer'), '--data', pcA]);
    expect(twice.code).not.toBe(0);
    expect(twice.err).toMatch(/not newer than the one already applied/);
    const check = createCore({ dataDir: pcA, log: () => {} });
    expect((await check.call('sync.status', {})).pendingCount).toBe(0);
    check.close();

    // The other PC, with the server running this time: the running server is handed the file.
    server = await startServer({ ...storage, port: 0, log: () => {} });
    if (backend === 'pglite') fs.writeFileSync(path.join(serverDir, 'msc-server.url'), server.url);
    try {
      const bundleB = file('b.mscsync');
      expect((await cli(['sync', '--to-file', bundleB, '--data', pcB])).code).toBe(0);
      const answerB = file('b.answer');
      const viaRunning = await cli([
        'server',
        'apply-bundle',
        bundleB,
        '--reply',
        answerB,
        '--data',
        serverDir,
      ]);
      expect(viaRunning).toMatchObject({ code: 0 });
      expect((await cli(['sync', '--from-file', answerB, '--data', pcB])).out).toMatch(
        /3 came from elsewhere/,
      );
    } finally {
      await server.stop();
    }
    const pcBCore = createCore({ dataDir: pcB, log: () => {} });
    const found = await pcBCore.call('clients.search', { query: 'djuric' });
    expect(found.items.map((c) => c.surname)).toEqual(['Đurić']);
    expect((await pcBCore.call('sync.status', {})).behind).toBeNull();
    pcBCore.close();
  }, 120_000);
});
