// Scale generation time through the service path: a fresh 4000×3000 JPEG
// each round (so nothing is cached), GET @@images/image/preview, timed from
// request to last byte via inject() (no socket). What a first visitor waits
// for a scale; later visitors get the stored one (the `image-scale` wrk
// scenario in run.ts). See bench/README.md.
//
//   node --import tsx bench/image-scaling.ts [--rounds 15] [--width 4000] [--height 3000] [--db URL]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, initSite } from '@tessera/api';
import { parseConfig } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import pino from 'pino';
import { photo } from './lib/images.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    width: { type: 'string', default: '4000' },
    height: { type: 'string', default: '3000' },
    scale: { type: 'string', default: 'preview' },
    db: { type: 'string', default: '' },
  },
});
const rounds = Number(values.rounds);
const width = Number(values.width);
const height = Number(values.height);

const dir = mkdtempSync(join(os.tmpdir(), 'tessera-bench-images-'));
const password = 'bench-password-123';
const config = parseConfig({
  data: dir,
  db: values.db,
  adminPassword: password,
  logLevel: 'silent',
  bodyLimit: 128 * 1024 * 1024,
});
const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
await storage.migrate();
await initSite({ storage, config });
const { app } = await buildApp({ config, storage, logger: pino({ level: 'silent' }) });
await app.ready();
const auth = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;

const times: number[] = [];
let bytes = 0;
try {
  for (let i = 0; i < rounds; i++) {
    const jpeg = await photo(width, height, i + 1);
    bytes = jpeg.length;
    const created = await app.inject({
      method: 'POST',
      url: '/',
      headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
      payload: JSON.stringify({
        '@type': 'Image',
        id: `photo-${i}`,
        title: `Photo ${i}`,
        image: {
          data: jpeg.toString('base64'),
          encoding: 'base64',
          filename: 'p.jpg',
          'content-type': 'image/jpeg',
        },
      }),
    });
    if (created.statusCode !== 201) throw new Error(`create answered ${created.statusCode}: ${created.body}`);
    const t0 = performance.now();
    const r = await app.inject({
      method: 'GET',
      url: `/photo-${i}/@@images/image/${values.scale}`,
      headers: { authorization: auth },
    });
    const ms = performance.now() - t0;
    if (r.statusCode !== 200) throw new Error(`scale answered ${r.statusCode}: ${r.body}`);
    times.push(ms);
    console.log(`round ${i + 1}: ${ms.toFixed(1)} ms (${r.rawPayload.length} B scale)`);
  }
} finally {
  await app.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
console.log(
  `\n${rounds} × ${width}×${height} JPEG (${(bytes / 1024 / 1024).toFixed(1)} MB) → ${values.scale}: ` +
    `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms ` +
    `(${os.cpus().length} cores, node ${process.version}, storage ${storage.dialect})`,
);
