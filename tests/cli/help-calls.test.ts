import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli';
import { commands } from '../../src/cli/run';
import { contract } from '../../src/shared/contract';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function help(command: string) {
  const out: string[] = [];
  const code = await runCli([command, '--help'], { stdout: (line) => out.push(line), stderr: () => {} });
  return { code, out };
}

describe('cli help names the core calls a command makes', () => {
  it("lists search's call with the contract's own summary", async () => {
    const { code, out } = await help('search');
    expect(code).toBe(0);
    const at = out.indexOf('Calls it makes to the core (by the names the audit trail and the logs use):');
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at + 1)).toEqual([`  clients.search  ${contract['clients.search'].summary}`]);
  });

  it('says nothing about calls for a command that makes none', async () => {
    const { out } = await help('restore');
    expect(out.join('\n')).not.toMatch(/Calls to the core/);
  });

  it("keeps each command's list equal to the calls its file makes", () => {
    const dir = path.join(ROOT, 'src/cli/commands');
    for (const command of commands) {
      if (command.name === 'server') continue; // the sync server's own commands call no core
      const source = fs.readFileSync(path.join(dir, `${command.name}.ts`), 'utf8');
      const made = [...new Set([...source.matchAll(/core\.call\('([^']+)'/g)].map((m) => m[1]))].sort();
      expect([...(command.calls ?? [])].sort(), command.name).toEqual(made);
    }
  });
});
