import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli';
import { certificatePin, formatPin } from '../../src/core/sync/network';
import { normaliseServerUrl } from '../../src/core/sync/transport';
import { AppError } from '../../src/shared/errors';
import { startTestServer, type TestServer } from '../server/backends';
import { enrolmentCode, newOffice, openDesk, type Desk } from './helpers';

/**
 * https-only enrolment with the server's certificate pinned (issue 13 point 2): plain http is
 * for a server on this computer only; an intranet server with a self-signed certificate works,
 * and a server showing any other certificate gets nothing, not even the request.
 */

interface Certificate {
  key: string;
  cert: string;
  file: string;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-pin-'));

function selfSigned(name: string, file: string): Certificate {
  const key = path.join(work, `${file}.key`);
  file = path.join(work, `${file}.pem`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', file, '-days', '2', '-subj', `/CN=${name}`,
  ], { stdio: 'ignore' }); // prettier-ignore
  return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(file, 'utf8'), file };
}

/** TLS in front of the sync server, as nginx or Caddy would be; counts what it forwards. */
async function tlsFront(targetPort: number, certificate: Certificate, port = 0) {
  let forwarded = 0;
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: certificate.key, cert: certificate.cert }, (socket) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(socket).add(upstream);
    socket.on('data', (chunk: Buffer) => {
      forwarded += chunk.length;
      upstream.write(chunk);
    });
    upstream.pipe(socket);
    const both = () => {
      socket.destroy();
      upstream.destroy();
    };
    for (const s of [socket, upstream]) {
      s.on('error', both);
      s.on('close', () => {
        sockets.delete(s);
        both();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${address.port}`,
    port: address.port,
    forwarded: () => forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('https-only enrolment with a pinned certificate', () => {
  let server: TestServer;
  const desks: Desk[] = [];
  const centre = selfSigned('sync.centre.test', 'centre');
  const impostor = selfSigned('sync.centre.test', 'impostor');

  beforeAll(async () => {
    server = await startTestServer('pglite');
  }, 120_000);
  afterAll(async () => {
    await server?.dispose();
    fs.rmSync(work, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const desk of desks.splice(0)) desk.close();
  });

  it('allows http:// only for a server on this computer', () => {
    expect(normaliseServerUrl('http://127.0.0.1:5790/')).toBe('http://127.0.0.1:5790');
    expect(normaliseServerUrl('http://localhost:5790')).toBe('http://localhost:5790');
    expect(normaliseServerUrl('https://sync.example.org')).toBe('https://sync.example.org');
    for (const url of ['http://sync.example.org', 'http://192.168.1.10:5790', 'ftp://127.0.0.1']) {
      let error: unknown = null;
      try {
        normaliseServerUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('VALIDATION');
      expect((error as AppError).message).toMatch(/must start with https:\/\//);
    }
  });

  it('trusts the self-signed certificate it enrolled with, and nothing else', async () => {
    const office = await newOffice(server, 'Pinned office');
    let front = await tlsFront(server.port, centre);
    const desk = openDesk();
    desks.push(desk);
    const enrolled = await desk.core.call('sync.enroll', {
      serverUrl: front.url,
      code: await enrolmentCode(server, office.id),
    });
    expect(enrolled.certificatePin).toBe(certificatePin(centre.cert));
    await desk.core.call('clients.create', {
      client: { surname: 'Marković', givenName: 'Ivana', category: 'returnee_germany' },
    });
    expect((await desk.core.call('sync.run', {})).pushed).toBe(1);

    // Someone else answers at the same address with a certificate of the same name.
    await front.close();
    front = await tlsFront(server.port, impostor, front.port);
    await desk.core.call('clients.create', {
      client: { surname: 'Nikolić', givenName: 'Sava', category: 'returnee_germany' },
    });
    const refused = await failure(desk.core.call('sync.run', {}));
    expect(refused.code).toBe('SYNC_REFUSED');
    expect(refused.message).toMatch(/different certificate/);
    expect(front.forwarded()).toBe(0); // not a byte of the request (nor the token) left the PC
    expect((await desk.core.call('sync.status', {})).pendingCount).toBe(1);
    await front.close();
  });

  it('refuses to enrol when the server shows another certificate than the administrator gave', async () => {
    const office = await newOffice(server, 'Pinned office 2');
    const front = await tlsFront(server.port, impostor);
    const desk = openDesk();
    desks.push(desk);
    const code = await enrolmentCode(server, office.id);
    const refused = await failure(
      desk.core.call('sync.enroll', {
        serverUrl: front.url,
        code,
        certificatePin: formatPin(certificatePin(centre.cert)),
      }),
    );
    expect(refused.code).toBe('SYNC_REFUSED');
    expect(front.forwarded()).toBe(0);
    expect((await desk.core.call('sync.status', {})).enrolled).toBe(false);
    await front.close();

    // With the right front, the same code still works: nothing was used up.
    const right = await tlsFront(server.port, centre);
    const enrolled = await desk.core.call('sync.enroll', {
      serverUrl: right.url,
      code,
      certificatePin: certificatePin(centre.cert),
    });
    expect(enrolled.officeId).toBe(office.id);
    await right.close();
  });

  it('prints the fingerprint with the enrolment code for the administrator to hand over', async () => {
    const dataDir = fs.mkdtempSync(path.join(work, 'server-'));
    const out: string[] = [];
    const env = { ...process.env };
    delete env.DATABASE_URL; // the embedded server in dataDir
    const run = (argv: string[]) =>
      runCli(argv, { stdout: (line) => out.push(line), stderr: () => {} }, { env });
    expect(await run(['server', 'office', 'add', 'Kraljevo', '--data', dataDir])).toBe(0);
    const officeId = out.at(-1)!;
    out.length = 0;
    expect(await run(['server', 'enroll-code', officeId, '--cert', centre.file, '--data', dataDir])).toBe(0);
    expect(out[1]).toBe(`Certificate SHA-256: ${formatPin(certificatePin(centre.cert))}`);
  });
});
