import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore, DATABASE_FILE, type Core } from '../../src/core';
import type { CoreReply } from '../../src/main/core-protocol';
import { startCoreService, startupFailure } from '../../src/main/core-service';
import {
  coreProcessArgs,
  dataDirFrom,
  electronNativeBindingPath,
  nativeBindingFor,
  parseCoreProcessArgs,
} from '../../src/main/launch-options';
import { AppError } from '../../src/shared/errors';
import { tempDir } from './fixtures';

const KEY_MESSAGE = { type: 'key', keyHex: 'ab'.repeat(32) };

/** `process.parentPort` as the service sees it, with the replies it posted. */
function parentPort() {
  const events = new EventEmitter();
  const replies: CoreReply[] = [];
  return {
    replies,
    port: {
      on: (_event: 'message', listener: (event: { data: unknown }) => void) => events.on('message', listener),
      postMessage: (reply: CoreReply) => replies.push(reply),
    },
    send: (data: unknown) => events.emit('message', { data }),
  };
}

async function replyTo(port: ReturnType<typeof parentPort>, id: number): Promise<CoreReply> {
  for (let i = 0; i < 200; i++) {
    const reply = port.replies.find((candidate) => candidate.id === id);
    if (reply) return reply;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no reply to ${id}`);
}

describe('the core process', () => {
  it('answers each request under its id, with values and with refusals', async () => {
    const parent = parentPort();
    const dataDir = tempDir();
    const service = startCoreService({
      port: parent.port,
      openCore: (databaseKey) => createCore({ dataDir, databaseKey, log: () => {} }),
      exit: () => {},
      log: () => {},
    });
    parent.send(KEY_MESSAGE);
    parent.send({
      id: 7,
      method: 'clients.create',
      input: { client: { surname: 'Јовановић', givenName: 'Марко', category: 'local_vulnerable' } },
    });
    parent.send({ id: 8, method: 'clients.get', input: { id: 'nope' } });
    parent.send({ id: 9, method: 'clients.explode', input: {} });

    expect(await replyTo(parent, 7)).toMatchObject({
      id: 7,
      envelope: { ok: true, value: { names: { latn: { surname: 'Jovanović' } } } },
    });
    expect(await replyTo(parent, 8)).toMatchObject({
      envelope: { ok: false, error: { code: 'VALIDATION' } },
    });
    expect(await replyTo(parent, 9)).toMatchObject({
      envelope: { ok: false, error: { code: 'UNKNOWN_METHOD' } },
    });
    service.core?.close();
  });

  it('closes the database and exits on shutdown', () => {
    const parent = parentPort();
    const closed: string[] = [];
    const exits: number[] = [];
    const core = {
      dataDir: '/x',
      call: async () => ({}),
      close: () => closed.push('closed'),
    } as unknown as Core;
    startCoreService({
      port: parent.port,
      openCore: () => core,
      exit: (code) => exits.push(code),
      log: () => {},
    });
    parent.send(KEY_MESSAGE);
    parent.send({ shutdown: true });
    expect(closed).toEqual(['closed']);
    expect(exits).toEqual([0]);
  });

  it('stays up when the core cannot open, and tells every call why', async () => {
    const parent = parentPort();
    const log: string[] = [];
    startCoreService({
      port: parent.port,
      openCore: () => {
        throw new AppError('DATABASE_TOO_NEW', 'This database was written by a newer MSC Desk.');
      },
      exit: () => {},
      log: (line) => log.push(line),
    });
    parent.send(KEY_MESSAGE);
    parent.send({ id: 1, method: 'system.info', input: {} });
    expect(await replyTo(parent, 1)).toEqual({
      id: 1,
      envelope: {
        ok: false,
        error: { code: 'DATABASE_TOO_NEW', message: 'This database was written by a newer MSC Desk.' },
      },
    });
    expect(log.join('\n')).toContain('could not open the core');
  });

  it('says how to fix a SQLite module built for the wrong runtime', () => {
    const wrongAbi = new Error(
      "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. " +
        'This version of Node.js requires NODE_MODULE_VERSION 140.',
    );
    expect(startupFailure(wrongAbi)).toEqual({
      code: 'INTERNAL',
      message: expect.stringContaining('npm run electron:native'),
    });
    expect(startupFailure(new Error('EACCES: permission denied'))).toEqual({
      code: 'INTERNAL',
      message: 'The office database could not be opened; the details are in the log.',
    });
  });

  it('ignores messages that are not requests', async () => {
    const parent = parentPort();
    const log: string[] = [];
    const dataDir = tempDir();
    const service = startCoreService({
      port: parent.port,
      openCore: (databaseKey) => createCore({ dataDir, databaseKey, log: () => {} }),
      exit: () => {},
      log: (line) => log.push(line),
    });
    parent.send(KEY_MESSAGE);
    parent.send('hello');
    parent.send({ method: 'system.info' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(parent.replies).toEqual([]);
    expect(log).toHaveLength(2);
    service.core?.close();
  });
});

describe('launch options', () => {
  it('takes the data folder from --data, then MSC_DESK_DATA, then the host default', () => {
    const fallback = () => '/home/desk/.config/MSC Desk';
    expect(dataDirFrom(['electron', '.', '--data', 'office'], {}, fallback)).toBe(path.resolve('office'));
    expect(dataDirFrom(['electron', '.', '--data=/srv/msc'], { MSC_DESK_DATA: '/env' }, fallback)).toBe(
      '/srv/msc',
    );
    expect(dataDirFrom(['electron', '.', '--no-sandbox'], { MSC_DESK_DATA: '/env' }, fallback)).toBe('/env');
    expect(dataDirFrom(['electron', '.', '--inspect=5858'], {}, fallback)).toBe(fallback());
  });

  it('passes the data folder and the native build to the core process and reads them back', () => {
    const options = {
      dataDir: '/data/office 1',
      nativeBinding: '/app/build/native/electron/45.4.1/linux-x64/better_sqlite3.node',
    };
    const args = coreProcessArgs(options);
    expect(args).toEqual(['--data', '/data/office 1', '--native-binding', options.nativeBinding]);
    // The utility process may see switches of its own around ours.
    expect(
      parseCoreProcessArgs(['/usr/bin/electron', '--type=utility', ...args], {}, () => '/fallback'),
    ).toEqual(options);
    expect(parseCoreProcessArgs([], {}, () => '/fallback')).toEqual({ dataDir: '/fallback' });
  });

  it('uses the Electron build of the SQLite module from the project, never in a packaged app', () => {
    const file = electronNativeBindingPath('/work/app', '45.4.1', 'win32', 'x64');
    expect(file).toBe(
      path.join('/work/app', 'build', 'native', 'electron', '45.4.1', 'win32-x64', 'better_sqlite3.node'),
    );
    const here = electronNativeBindingPath('/work/app', '45.4.1');
    expect(
      nativeBindingFor({
        isPackaged: false,
        projectRoot: '/work/app',
        electronVersion: '45.4.1',
        exists: (f) => f === here,
      }),
    ).toBe(here);
    expect(
      nativeBindingFor({
        isPackaged: false,
        projectRoot: '/work/app',
        electronVersion: '45.4.1',
        exists: () => false,
      }),
    ).toBeUndefined();
    expect(
      nativeBindingFor({
        isPackaged: true,
        projectRoot: '/work/app',
        electronVersion: '45.4.1',
        exists: () => true,
      }),
    ).toBeUndefined();
  });

  it('opens the core with a given native build (here the Node one, as the tests run in Node)', async () => {
    const nodeBuild = path.resolve(
      'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node',
    );
    const dataDir = tempDir();
    const core = createCore({ dataDir, nativeBinding: nodeBuild, log: () => {} });
    expect(await core.call('system.info', {})).toMatchObject({
      databaseFile: path.join(dataDir, DATABASE_FILE),
    });
    core.close();
  });
});
