import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

/**
 * An office network on 127.0.0.1 for the network-stack tests: certificates made with openssl
 * (self-signed, or issued by an internal CA), an https server, and an HTTP proxy that answers
 * CONNECT and records every byte it relays (so a test can show it saw only ciphertext).
 */

export interface Certificate {
  key: string;
  cert: string;
}

export function certificateFolder(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-net-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function openssl(args: string[]) {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A certificate for 127.0.0.1 signed by itself (an intranet server's, pinned at enrolment). */
export function selfSigned(dir: string, name: string): Certificate {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.pem`);
  openssl(['req', '-x509', ...EC, '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1']); // prettier-ignore
  return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
}

/** An office's own CA and a server certificate for 127.0.0.1 it issued. */
export function internalCa(dir: string): { ca: string; server: Certificate } {
  const caKey = path.join(dir, 'ca.key');
  const caCert = path.join(dir, 'ca.pem');
  openssl(['req', '-x509', ...EC, '-keyout', caKey, '-out', caCert, '-days', '2', '-subj', '/CN=Office Internal CA']); // prettier-ignore
  const key = path.join(dir, 'issued.key');
  const csr = path.join(dir, 'issued.csr');
  const cert = path.join(dir, 'issued.pem');
  const ext = path.join(dir, 'issued.ext');
  fs.writeFileSync(ext, 'subjectAltName=IP:127.0.0.1\n');
  openssl(['req', ...EC, '-keyout', key, '-out', csr, '-subj', '/CN=sync.office.internal']);
  openssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext]); // prettier-ignore
  return {
    ca: fs.readFileSync(caCert, 'utf8'),
    server: { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') },
  };
}

/** An https server that answers every request with a marker text; counts the requests it saw. */
export async function httpsServer(certificate: Certificate) {
  const seen: string[] = [];
  const server = https.createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ answer: 'SECRET-ANSWER-MARKER' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface OfficeProxy {
  port: number;
  /** Each CONNECT's target, as "host:port". */
  connects: string[];
  /** Every byte relayed either way once a tunnel was open. */
  relayed(): Buffer;
  close(): Promise<void>;
}

/**
 * An HTTP proxy as offices run (Squid, a Windows proxy): CONNECT opens a tunnel, or, with
 * `refuse`, is answered with that status (403 by policy, 407 to ask for a sign-in).
 */
export async function officeProxy(options: { refuse?: number } = {}): Promise<OfficeProxy> {
  const connects: string[] = [];
  const relayed: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      client.removeListener('data', onData);
      const [method = '', target = ''] = head.subarray(0, end).toString('latin1').split(' ');
      if (method !== 'CONNECT') {
        client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
        return;
      }
      connects.push(target);
      if (options.refuse) {
        const reason = options.refuse === 407 ? 'Proxy Authentication Required' : 'Forbidden';
        client.end(
          `HTTP/1.1 ${options.refuse} ${reason}\r\nProxy-Authenticate: Negotiate\r\nContent-Length: 0\r\n\r\n`,
        );
        return;
      }
      const colon = target.lastIndexOf(':');
      const upstream = net.connect({
        host: target.slice(0, colon).replace(/^\[|\]$/g, ''),
        port: Number(target.slice(colon + 1)),
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        const rest = head.subarray(end + 4);
        if (rest.length > 0) upstream.write(rest);
        client.on('data', (data: Buffer) => {
          relayed.push(data);
          upstream.write(data);
        });
        upstream.on('data', (data: Buffer) => {
          relayed.push(data);
          client.write(data);
        });
      });
      const both = () => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', both);
      upstream.on('end', both);
      client.on('end', both);
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connects,
    relayed: () => Buffer.concat(relayed),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (a proxy that is down). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** TLS in front of a plain-http server on 127.0.0.1, as Caddy or nginx in front of the sync server. */
export async function tlsFront(targetPort: number, certificate: Certificate) {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key: certificate.key, cert: certificate.cert }, (socket) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
