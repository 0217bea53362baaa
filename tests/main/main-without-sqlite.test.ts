import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * SQLite loads only in the core's utility process: Electron's main process asks that process
 * whether a key opens the database (src/main/key-check.ts). This follows every import main's own
 * files make, through src/core/host.ts, and finds no SQLite on the way — a second check behind the
 * lint rule, for what host.ts itself re-exports.
 */
const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');
/** Files of src/main that run in the utility process, where the core and SQLite belong. */
const UTILITY_PROCESS = new Set(['core-process.ts', 'core-service.ts', 'core-network.ts']);

/** Imports that stay in the built JavaScript (not `import type`), relative or packages. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  const statement = /^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gms;
  for (const match of text.matchAll(statement)) found.push(match[1]!);
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

function resolveFile(from: string, source: string): string | undefined {
  const base = path.resolve(path.dirname(from), source);
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base].find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
}

/** Every package reached from `entries`, with the chain of files that leads to it. */
function packagesReached(entries: string[]): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const seen = new Set<string>();
  const queue = entries.map((file) => [file]);
  while (queue.length) {
    const chain = queue.shift()!;
    const file = chain.at(-1)!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const source of importsOf(file)) {
      if (source.startsWith('.')) {
        const next = resolveFile(file, source);
        if (next?.startsWith(SRC)) queue.push([...chain, next]);
      } else if (!reached.has(source))
        reached.set(
          source,
          chain.map((f) => path.relative(SRC, f)),
        );
    }
  }
  return reached;
}

describe("Electron's main process", () => {
  const mainFiles = fs
    .readdirSync(path.join(SRC, 'main'))
    .filter((name) => name.endsWith('.ts') && !UTILITY_PROCESS.has(name))
    .map((name) => path.join(SRC, 'main', name));

  it('reaches no SQLite through any of its imports', () => {
    const reached = packagesReached(mainFiles);
    expect(reached.get('better-sqlite3-multiple-ciphers')).toBeUndefined();
    // The walk sees what it should: main does load electron and the core's host face.
    expect(reached.has('electron')).toBe(true);
  });

  it('would see SQLite if the whole core were imported (the walk itself works)', () => {
    const reached = packagesReached([path.join(SRC, 'main', 'core-process.ts')]);
    expect(reached.get('better-sqlite3-multiple-ciphers')).toBeDefined();
  });
});
