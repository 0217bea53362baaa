import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { startServer } from '../src/server/admin';
import { publishUpdate } from '../src/server/publish';
import { figure, type BenchModule } from './measure';

/**
 * The update feed on loopback: publishing a 100 MB release (hash, copy, flush), a PC downloading
 * the installer whole, and electron-updater's differential download asking for 500 scattered
 * blocks in one multi-range request. An office link is far slower than loopback: these say the
 * server is never the bottleneck, and that it streams (its memory does not grow with the file).
 */

const INSTALLER_MB = 100;
const RANGES = 500;
const RANGE_BYTES = 64 * 1024;
const VERSION = '9.0.0';
const INSTALLER = `MSC-Desk-Setup-${VERSION}.exe`;

/** GETs `urlPath`, discarding the body; returns bytes received and the largest RSS seen meanwhile. */
function download(base: string, urlPath: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; bytes: number; expected: number; peakRss: number }>(
    (resolve, reject) => {
      let peakRss = process.memoryUsage().rss;
      const request = http.get({ hostname, port, path: urlPath, headers }, (response) => {
        let bytes = 0;
        let chunks = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (++chunks % 64 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            bytes,
            expected: Number(response.headers['content-length']),
            peakRss,
          }),
        );
        response.on('error', reject);
      });
      request.on('error', reject);
    },
  );
}

export const updatesBench: BenchModule = {
  name: 'updates',
  async run(progress) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-bench-updates-'));
    try {
      progress(`making a ${INSTALLER_MB} MB release`);
      const dist = path.join(root, 'dist');
      fs.mkdirSync(dist);
      const installer = randomBytes(INSTALLER_MB * 1024 * 1024);
      fs.writeFileSync(path.join(dist, INSTALLER), installer);
      fs.writeFileSync(path.join(dist, `${INSTALLER}.blockmap`), randomBytes(100 * 1024));
      const sha512 = createHash('sha512').update(installer).digest('base64');
      const info = { version: VERSION, files: [{ url: INSTALLER, sha512, size: installer.length }] };
      const latest = { ...info, path: INSTALLER, sha512, releaseDate: new Date().toISOString() };
      fs.writeFileSync(path.join(dist, 'latest.yml'), yaml.dump(latest));

      progress('publish-update');
      const updatesDir = path.join(root, 'server-data', 'updates');
      const publishStarted = performance.now();
      await publishUpdate({ sourceDir: dist, updatesDir });
      const publishSeconds = (performance.now() - publishStarted) / 1000;

      const server = await startServer({ port: 0, updatesDir, log: () => {} });
      try {
        const url = `/updates/${INSTALLER}`;
        progress('full download over loopback');
        const rssBefore = process.memoryUsage().rss;
        const warm = await download(server.url, url); // warms the page cache and the code paths
        const started = performance.now();
        const full = await download(server.url, url);
        const fullSeconds = (performance.now() - started) / 1000;
        if (full.status !== 200 || full.bytes !== installer.length) {
          throw new Error(`full download: status ${full.status}, ${full.bytes} of ${installer.length} bytes`);
        }

        progress(`one request for ${RANGES} ranges`);
        const stride = Math.floor(installer.length / RANGES);
        const ranges = Array.from(
          { length: RANGES },
          (_, i) => `${i * stride}-${i * stride + RANGE_BYTES - 1}`,
        );
        const rangeStarted = performance.now();
        const multi = await download(server.url, url, { range: `bytes=${ranges.join(', ')}` });
        const rangeMs = performance.now() - rangeStarted;
        if (multi.status !== 206 || multi.bytes !== multi.expected) {
          throw new Error(`multi-range: status ${multi.status}, ${multi.bytes} of ${multi.expected} bytes`);
        }

        const mb = installer.length / 1024 / 1024;
        return {
          installerMb: INSTALLER_MB,
          publish: figure(publishSeconds, 's', { max: 10 }),
          fullDownload: figure(mb / fullSeconds, 'MB/s', { min: 100 }),
          fullDownloadRssGrowth: figure(
            (Math.max(warm.peakRss, full.peakRss) - rssBefore) / 1024 / 1024,
            'MB',
            {
              max: 64,
            },
          ),
          multiRange: {
            ranges: RANGES,
            bytes: multi.bytes,
            time: figure(rangeMs, 'ms', { max: 2000 }),
          },
        };
      } finally {
        await server.stop();
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
};
