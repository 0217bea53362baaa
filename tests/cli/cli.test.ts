import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli';
import { createCore } from '../../src/core';
import { csvBytes, validJmbg } from '../fixtures/spreadsheets';

const ROOT = path.resolve(import.meta.dirname, '../..');
const JMBG = validJmbg(1, 5, 1990, 123);
const BAD_JMBG = `${JMBG.slice(0, 12)}${(Number(JMBG.at(-1)) + 1) % 10}`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-cli-'));
  dirs.push(dir);
  return dir;
}

/** A CSV file in a temp folder, and a data folder beside it (not yet created). */
function workspace(rows: string[][]) {
  const dir = tempDir();
  const file = path.join(dir, 'klijenti.csv');
  fs.writeFileSync(file, csvBytes(rows));
  return { dir, file, data: path.join(dir, 'data') };
}

const goodRows = [
  ['Prezime', 'Ime', 'JMBG', 'Telefon', 'Broj predmeta'],
  ['Petrović', 'Jelena', JMBG, '064 123 4567', 'P-1'],
  ['Ђорђевић', 'Љубица', '', '', 'P-2'],
];

async function run(argv: string[], env: NodeJS.ProcessEnv = process.env) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { stdout: (line) => out.push(line), stderr: (line) => err.push(line) },
    { env },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli import', () => {
  it('reports a dry run column by column and writes nothing', async () => {
    const { file, data } = workspace(goodRows);
    const result = await run(['import', file, '--dry-run', '--category', 'returnee_germany', '--data', data]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(
      [
        'klijenti.csv: CSV, utf-8, ";"-separated, header on row 1',
        'Columns:',
        '  Prezime → surname (recognised)',
        '  Ime → givenName (recognised)',
        '  JMBG → jmbg (recognised)',
        '  Telefon → phone (recognised)',
        '  Broj predmeta → — (unknown, skipped)',
        '2 rows: 2 accepted, 0 rejected',
        'Dry run: nothing was written.',
      ].join('\n'),
    );
    expect((await run(['search', 'petrović', '--json', '--data', data])).out).toBe('[]');
  });

  it('imports every row, then finds them in either script', async () => {
    const { file, data } = workspace(goodRows);
    const result = await run([
      'import',
      file,
      '--category',
      'returnee_germany',
      '--map',
      'Broj predmeta=ignore',
      '--data',
      data,
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('  Broj predmeta → — (skipped)');
    expect(result.out.split('\n').at(-1)).toBe('Imported 2 clients.');

    const found = await run(['search', 'djordjevic', '--json', '--data', data]);
    expect(JSON.parse(found.out)).toMatchObject([
      { surname: 'Ђорђевић', names: { latn: { surname: 'Đorđević', givenName: 'Ljubica' } } },
    ]);
    const table = await run(['search', 'Петровић', '--data', data]);
    expect(table.out.split('\n')).toEqual([
      'Name             Ћирилица         JMBG           Born        Phone         Place',
      `Petrović Jelena  Петровић Јелена  ${JMBG}  1990-05-01  064 123 4567`,
    ]);
  });

  it('lists the rejected rows, exits 1 and writes nothing', async () => {
    const { file, data } = workspace([...goodRows, ['Nikolić', 'Ana', BAD_JMBG, '', '']]);
    const result = await run(['import', file, '--category', 'returnee_germany', '--data', data]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      [
        '1 of 3 rows were rejected, so nothing was imported. Correct them (or remove them from the file) and import again.',
        `Row 4: JMBG control digit should be ${JMBG.at(-1)}, not ${BAD_JMBG.at(-1)}; check for a mistyped digit`,
      ].join('\n'),
    );
    const check = await run(['check', '--json', '--data', data]);
    expect(JSON.parse(check.out)).toMatchObject({ ok: true, clientCount: 0 });
  });

  it('refuses bad arguments with a message and the usage', async () => {
    const { file, data } = workspace(goodRows);
    const badField = await run(['import', file, '--map', 'Broj predmeta=caseNumber', '--data', data]);
    expect(badField.code).toBe(1);
    expect(badField.err).toMatch(/^"caseNumber" is not a field\. Fields: surname, givenName, fullName,/);
    expect(badField.err).toContain('Usage: npm run cli -- import FILE');

    const badCategory = await run(['import', file, '--category', 'tourist', '--data', data]);
    expect(badCategory.err.split('\n')[0]).toBe(
      '--category is one of returnee_germany, returnee_other, local_vulnerable, regular_migration, not "tourist".',
    );
    expect((await run(['import', '--data', data])).err.split('\n')[0]).toBe(
      'Which file? Give the CSV or XLSX file to import.',
    );
    expect((await run(['import', path.join(data, 'none.csv'), '--data', data])).err).toMatch(
      /^Cannot read .*none\.csv: ENOENT/,
    );
  });

  it('turns an error the person can fix into exit 1: no category for a sheet without one', async () => {
    const { file, data } = workspace(goodRows);
    const result = await run(['import', file, '--data', data]);
    expect(result).toMatchObject({ code: 1, out: '' });
    expect(result.err).toBe(
      'The sheet has no category column ("Kategorija"); choose the category for these clients.',
    );
  });

  it("exits 2 on a failure that is not the person's to fix", async () => {
    const { file, dir } = workspace(goodRows);
    const notAFolder = path.join(dir, 'klijenti.csv'); // the data "folder" is a file
    const result = await run(['import', file, '--category', 'returnee_germany', '--data', notAFolder]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^Internal error: /);
  });
});

describe('cli export, search and check', () => {
  it('exports a CSV that imports back into another data folder', async () => {
    const { file, data, dir } = workspace(goodRows);
    await run(['import', file, '--category', 'returnee_germany', '--data', data]);
    const exported = path.join(dir, 'izvoz.csv');
    expect(await run(['export', exported, '--data', data])).toMatchObject({
      code: 0,
      out: `Exported 2 clients to ${exported}.`,
    });
    expect(fs.readFileSync(exported, 'utf8').startsWith('\uFEFFPrezime;Ime;')).toBe(true);

    const other = path.join(dir, 'other');
    const again = await run(['import', exported, '--data', other]);
    expect(again.code).toBe(0);
    expect(again.out.split('\n').at(-1)).toBe('Imported 2 clients.');
  });

  it('takes the data folder from MSC_DESK_DATA when --data is not given', async () => {
    const { file, data } = workspace(goodRows);
    const env = { ...process.env, MSC_DESK_DATA: data };
    expect((await run(['import', file, '--category', 'returnee_other'], env)).code).toBe(0);
    const result = await run(['check'], env);
    expect(result.code).toBe(0);
    expect(result.out.split('\n')).toEqual([
      `Data folder: ${data} (2 clients)`,
      'Integrity:    ok',
      'Foreign keys: ok',
      expect.stringMatching(/^Migrations: {3}schema (\d+) of \1, up to date$/),
      'Journal:      wal',
      'All in order.',
    ]);
  });

  it('refuses to search a folder that has no database rather than creating one', async () => {
    const data = path.join(tempDir(), 'nothing-here');
    const result = await run(['search', 'petrović', '--data', data]);
    expect(result).toMatchObject({
      code: 1,
      err: `There is no MSC Desk database in ${data}. Give the data folder with --data DIR.`,
    });
    expect(fs.existsSync(data)).toBe(false);
  });

  it('joins several words into one query and says when nothing matches', async () => {
    const { file, data } = workspace(goodRows);
    await run(['import', file, '--category', 'returnee_germany', '--data', data]);
    expect((await run(['search', 'petrovic', 'jel', '--json', '--data', data])).out).toContain(
      '"givenName": "Jelena"',
    );
    expect((await run(['search', 'Marković', '--data', data])).out).toBe('No client matches "Marković".');
  });
});

describe('cli help', () => {
  it("lists the commands, and shows each command's arguments", async () => {
    const overview = await run(['--help']);
    expect(overview.code).toBe(0);
    expect(overview.out).toMatch(/^ {2}import +Import clients from a CSV or XLSX file: all rows or none$/m);
    expect(overview.out).toMatch(
      /^ {2}check +Check the database: integrity, foreign keys and migration status$/m,
    );
    const help = await run(['search', '--help']);
    expect(help.out.split('\n')[0]).toBe(
      'Usage: npm run cli -- search QUERY [--json] [--limit N] [--data DIR]',
    );
    expect(await run([])).toMatchObject({ code: 1, out: '' });
    expect((await run(['frobnicate'])).err).toMatch(
      /^There is no command "frobnicate"\. Commands: import, export, search, check\b/,
    );
  });
});

describe('cli as a process', () => {
  const exec = promisify(execFile);
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    exec(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );

  it('imports, then prints search results as JSON on stdout with exit code 0', async () => {
    const { file, data } = workspace(goodRows);
    const imported = await cli(['import', file, '--category', 'returnee_germany', '--data', data]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Imported 2 clients\.\n$/);
    const found = await cli(['search', JMBG.slice(0, 7), '--json'], { MSC_DESK_DATA: data });
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject([{ surname: 'Petrović', jmbg: JMBG }]);
  });

  it('exits 1 with the rejected rows on stderr', async () => {
    const { file, data } = workspace([...goodRows, ['Nikolić', 'Ana', BAD_JMBG, '', '']]);
    const result = await cli(['import', file, '--category', 'returnee_germany', '--data', data]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Row 4: JMBG control digit should be');
  });

  it('a data folder written by the CLI opens in the core the app uses', async () => {
    const { file, data } = workspace(goodRows);
    expect((await cli(['import', file, '--category', 'returnee_germany', '--data', data])).code).toBe(0);
    const core = createCore({ dataDir: data, log: () => {} });
    try {
      expect((await core.call('system.info', {})).clientCount).toBe(2);
    } finally {
      core.close();
    }
  });
});
