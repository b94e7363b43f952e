// `tessera pack` runs online: while a real `tessera serve` takes writes on
// SQLite, PostgreSQL and MariaDB, every write succeeds and none is held up
// for long (the slowest is reported).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { BIN, startServer, stop } from './process.js';
import { backdate, call, KINDS, siteDir } from './sites.js';

/** Runs `tessera pack`; `started` resolves when it has begun packing (after start-up). */
function runPack(env: Record<string, string>) {
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  const child = spawn(process.execPath, [BIN, 'pack', '--days', '1'], { env: { ...inherited, ...env } });
  let out = '';
  let err = '';
  let begun: () => void;
  const started = new Promise<void>((resolve) => {
    begun = resolve;
  });
  child.stdout.on('data', (d) => {
    out += d;
    if (out.includes('Packing history')) begun();
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => {
      begun();
      resolve({ code, out, err });
    }),
  );
  return { started, done };
}

const figure = (out: string, label: RegExp) => Number(label.exec(out)?.[1] ?? Number.NaN);

for (const kind of KINDS) {
  test(`pack on ${kind} runs online: concurrent writes all succeed`, async (t) => {
    const site = await siteDir(kind);
    const server = await startServer([], site.env);
    try {
      // History to pack: documents written three times each, long ago; 10 orphan blobs.
      const docs = kind === 'sqlite' ? 1500 : 600;
      const storage = site.open();
      try {
        const root = (await storage.read((tx) => tx.byPath('')))!;
        const now = new Date().toISOString();
        const meta = { principal: 'admin' };
        const uids = Array.from(
          { length: docs },
          (_, i) => `0000000000000000000000${i.toString().padStart(10, '0')}`,
        );
        for (let i = 0; i < docs; i += 50)
          await storage.write(meta, async (tx) => {
            for (const uid of uids.slice(i, i + 50))
              await tx.insert({
                uid,
                parentUid: root.uid,
                id: `seed-${uid.slice(-6)}`,
                type: 'Document',
                created: now,
                modified: now,
                data: { title: `Seed ${uid}` },
                security: root.security,
                view: ['Manager'],
                effective: null,
                expires: null,
              });
          });
        for (let round = 1; round <= 2; round++)
          for (let i = 0; i < docs; i += 50)
            await storage.write(meta, async (tx) => {
              for (const uid of uids.slice(i, i + 50))
                await tx.update(uid, { data: { title: `Seed ${uid} v${round}` } });
            });
        for (let i = 0; i < 10; i++) await storage.putBlob(Buffer.from(`orphan ${i}`));
      } finally {
        await storage.close();
      }
      await backdate(site);

      let packing = true;
      let packingSince = Number.POSITIVE_INFINITY;
      const latencies: number[] = [];
      const failures: string[] = [];
      const writer = async (w: number) => {
        for (let n = 0; packing; n++) {
          const started = performance.now();
          const r = await call(server.url, 'POST', '/', {
            '@type': 'Document',
            title: `During pack ${w}-${n}`,
          });
          // Counted from when pack has begun its work (not while it starts up).
          if (started >= packingSince) latencies.push(performance.now() - started);
          if (r.status !== 201) failures.push(`${r.status} ${r.text.slice(0, 200)}`);
        }
      };
      const writers = [writer(1), writer(2)];
      const run = runPack(site.env);
      await run.started;
      packingSince = performance.now();
      const packed = await run.done;
      packing = false;
      await Promise.all(writers);
      assert.equal(packed.code, 0, packed.err);
      assert.equal(figure(packed.out, /revisions removed: (\d+)/), docs * 2, packed.out);
      assert.equal(figure(packed.out, /Blobs removed: (\d+)/), 10, packed.out);
      assert.deepEqual(failures, []);
      assert.ok(latencies.length > 0);
      const max = Math.max(...latencies);
      const took = figure(packed.out, /Took ([\d.]+) s/);
      t.diagnostic(
        `${kind}: pack took ${took} s; ${latencies.length} writes meanwhile, slowest ${Math.round(max)} ms`,
      );
      // Generous: a write waits for at most one short batch, but this machine is shared.
      assert.ok(max < 4000, `slowest write ${Math.round(max)} ms`);
    } finally {
      await stop(server);
      await site.cleanup();
    }
  });
}
