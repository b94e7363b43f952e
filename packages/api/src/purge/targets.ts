// Where purges go: Varnish instances (PURGE with an xkey header, answered by
// the generated VCL) and, optionally, a CDN's purge API. Each send() throws
// on anything but success, so the queue retries it.
import { ALL, type PurgeTarget } from './purger.js';

const TIMEOUT_MS = 5000;

async function expectOk(res: Response, what: string) {
  // Drain the body so the connection returns to the pool.
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 200)}`);
}

/** A Varnish that runs the generated VCL: `PURGE /` with `xkey: uid1 uid2 …`. */
export function varnishTarget(url: string): PurgeTarget {
  const base = new URL(url);
  return {
    name: base.origin,
    // ~33 bytes per UID: 100 keep the header well under Varnish's 8 KiB line limit.
    batch: 100,
    async send(tags) {
      const res = await fetch(new URL('/', base), {
        method: 'PURGE',
        headers: { xkey: tags.join(' ') },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await expectOk(res, `PURGE ${base.origin}`);
    },
  };
}

/**
 * Cloudflare: POST /zones/{zone}/purge_cache with {"tags": […]} (the
 * Cache-Tag header's values), or {"purge_everything": true}.
 */
export function cloudflareTarget(opts: { zone: string; token: string; endpoint?: string }): PurgeTarget {
  const api = (opts.endpoint || 'https://api.cloudflare.com/client/v4').replace(/\/$/, '');
  const url = `${api}/zones/${encodeURIComponent(opts.zone)}/purge_cache`;
  return {
    name: 'cloudflare',
    batch: 30, // Cloudflare's limit of tags per call
    async send(tags) {
      const body = tags.includes(ALL) ? { purge_everything: true } : { tags };
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await expectOk(res, 'Cloudflare purge');
    },
  };
}

/**
 * Fastly: POST /service/{id}/purge with `Surrogate-Key: a b c` (the
 * Surrogate-Key header's values), or POST /service/{id}/purge_all.
 */
export function fastlyTarget(opts: { service: string; token: string; endpoint?: string }): PurgeTarget {
  const api = (opts.endpoint || 'https://api.fastly.com').replace(/\/$/, '');
  const service = encodeURIComponent(opts.service);
  return {
    name: 'fastly',
    batch: 256, // Fastly's limit of keys per batch purge
    async send(tags) {
      const all = tags.includes(ALL);
      const res = await fetch(`${api}/service/${service}/${all ? 'purge_all' : 'purge'}`, {
        method: 'POST',
        headers: { 'fastly-key': opts.token, ...(all ? {} : { 'surrogate-key': tags.join(' ') }) },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await expectOk(res, 'Fastly purge');
    },
  };
}
