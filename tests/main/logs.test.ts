import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_KEEP, openFileLog, rotateLogFile } from '../../src/main/logs';
import { tempDir } from './fixtures';

describe('log files', () => {
  it('append lines with time and level to <name>.log', () => {
    const dir = tempDir();
    const log = openFileLog(dir, 'core');
    log.info('[core] slow call clients.search: 41.2 ms');
    log.error('[core] something broke');
    const lines = fs.readFileSync(path.join(dir, 'core.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[info\] +\[core\] slow call clients\.search: 41\.2 ms$/,
    );
    expect(lines[1]).toMatch(/\[error\] +\[core\] something broke$/);
  });

  it(`rotate at the size limit, keeping ${LOG_KEEP} older files and dropping the oldest`, () => {
    const dir = tempDir();
    const log = openFileLog(dir, 'main', { maxBytes: 1000 });
    for (let n = 0; n < 400; n += 1) log.info(`line ${String(n).padStart(4, '0')} ${'x'.repeat(40)}`);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.4.log', 'main.log']);
    for (const file of files) expect(fs.statSync(path.join(dir, file)).size).toBeLessThan(1200);
    // Newest last: the current file ends with the last line, main.1.log holds the lines just before it.
    expect(fs.readFileSync(path.join(dir, 'main.log'), 'utf8')).toContain('line 0399');
    const current = fs.readFileSync(path.join(dir, 'main.log'), 'utf8');
    const previous = fs.readFileSync(path.join(dir, 'main.1.log'), 'utf8');
    const firstNow = Number(/line (\d{4})/.exec(current)?.[1]);
    const lastBefore = Number([...previous.matchAll(/line (\d{4})/g)].at(-1)?.[1]);
    expect(lastBefore).toBe(firstNow - 1);
    // What rotated out beyond main.4.log is gone.
    expect(fs.readFileSync(path.join(dir, 'main.4.log'), 'utf8')).not.toContain('line 0000');
  });

  it('rotate by renaming down the line', () => {
    const dir = tempDir();
    const file = path.join(dir, 'renderer.log');
    fs.writeFileSync(file, 'newest');
    fs.writeFileSync(path.join(dir, 'renderer.1.log'), 'older');
    fs.writeFileSync(path.join(dir, 'renderer.2.log'), 'oldest');
    rotateLogFile(file, 2);
    expect(fs.readdirSync(dir).sort()).toEqual(['renderer.1.log', 'renderer.2.log']);
    expect(fs.readFileSync(path.join(dir, 'renderer.1.log'), 'utf8')).toBe('newest');
    expect(fs.readFileSync(path.join(dir, 'renderer.2.log'), 'utf8')).toBe('older');
  });
});
