import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { CoreMessage } from '../../src/main/core-protocol';
import { createKeyCheck } from '../../src/main/key-check';

/** A core process that answers key checks as `answer` says (or never), and exits on shutdown. */
class Child extends EventEmitter {
  sent: CoreMessage[] = [];
  killed = false;
  constructor(private answer: ((keyHex: string) => boolean) | 'never' | 'dies') {
    super();
  }
  postMessage(message: CoreMessage) {
    this.sent.push(message);
    if ('shutdown' in message) setImmediate(() => this.emit('exit', 0));
    else if ('type' in message && message.type === 'key-check') {
      const { answer } = this;
      if (answer === 'dies') setImmediate(() => this.emit('exit', 139));
      else if (answer !== 'never')
        setImmediate(() =>
          this.emit('message', { type: 'key-check-answer', id: message.id, opens: answer(message.keyHex) }),
        );
    }
  }
  kill() {
    this.killed = true;
    setImmediate(() => this.emit('exit', 15));
    return true;
  }
}

const KEY = Buffer.alloc(32, 1);

describe("main's key check", () => {
  it('starts no process until a key needs checking, and one for several questions', async () => {
    const forked: Child[] = [];
    const check = createKeyCheck({
      fork: () => {
        const child = new Child((hex) => hex === KEY.toString('hex'));
        forked.push(child);
        return child;
      },
    });
    expect(forked).toHaveLength(0);
    expect(await check.opens(KEY)).toBe(true);
    expect(await check.opens(Buffer.alloc(32, 2))).toBe(false);
    expect(forked).toHaveLength(1);
    // The key crosses as a message, as the core's own key does.
    expect(forked[0]!.sent[0]).toEqual({ type: 'key-check', id: 1, keyHex: KEY.toString('hex') });
    await check.close();
    expect(forked[0]!.sent.at(-1)).toEqual({ shutdown: true });
  });

  it('says "does not open" when the process stops before answering, and logs why', async () => {
    const log: string[] = [];
    const check = createKeyCheck({ fork: () => new Child('dies'), log: (line) => log.push(line) });
    expect(await check.opens(KEY)).toBe(false);
    expect(log.join('\n')).toContain('exit code 139');
    await check.close();
  });

  it('gives up on a process that never answers, and ends it', async () => {
    const child = new Child('never');
    const check = createKeyCheck({ fork: () => child, timeoutMs: 50 });
    expect(await check.opens(KEY)).toBe(false);
    expect(child.killed).toBe(true);
    await check.close();
  });

  it('closes at once when no process was started', async () => {
    await createKeyCheck({ fork: () => new Child('never') }).close();
  });
});
