/**
 * The core's stdout and stderr, copied line by line into core.log. The core opens core.log itself
 * once its imports have loaded; what it prints before (a module that fails to load, a message
 * from a native crash) would otherwise be lost in a packaged app, leaving only "exit code N".
 */
import type { LogLine } from './logs';

type Readable = Pick<NodeJS.ReadableStream, 'setEncoding' | 'on'>;

/** What is read of a utility process started with `stdio: 'pipe'`. */
export interface ChildOutput {
  stdout?: Readable | null;
  stderr?: Readable | null;
}

/** Longest line kept; a runaway line is cut rather than filling the log. */
const MAX_LINE = 4000;

function copyLines(stream: Readable, write: LogLine, label: string): void {
  let rest = '';
  const emit = (line: string) => {
    const text = line.replace(/\r$/, '');
    if (text.trim() !== '')
      write(`[core ${label}] ${text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text}`);
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string | Buffer) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    lines.forEach(emit);
  });
  stream.on('end', () => {
    if (rest) emit(rest);
    rest = '';
  });
  // A closed pipe is the process going away; its exit is reported by the relay.
  stream.on('error', () => {});
}

export function captureCoreOutput(child: ChildOutput, file: { info: LogLine; error: LogLine }): void {
  if (child.stdout) copyLines(child.stdout, file.info, 'stdout');
  if (child.stderr) copyLines(child.stderr, file.error, 'stderr');
}
