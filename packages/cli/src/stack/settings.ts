// The production stack's settings: one JSON file (its own, not a section of
// tessera.config.json, because the stack is configured by a sysadmin for a
// whole deployment while tessera.config.json configures one backend process).
// Validated with zod; every generator reads only this object.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '@tessera/core';
import { z } from 'zod';

const port = z.number().int().min(1).max(65535);
/** A host name or IP literal that is safe to paste into nginx/VCL/HAProxy syntax. */
const host = z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address');
const server = z.object({ host: host.default('127.0.0.1'), port }).strict();
/** Paths go into config files verbatim: no quotes, semicolons, braces or newlines. */
const path = z.string().regex(/^[^\s;'"{}#]*$/, 'a path without spaces, quotes, ; { } or #');

export const stackSettingsSchema = z
  .object({
    /** The public host name(s) nginx answers for; the first is canonical. */
    serverNames: z.array(host).min(1).default(['localhost']),
    /** Where nginx listens. Ports 80/443 need root or CAP_NET_BIND_SERVICE. */
    listen: z
      .object({ host: host.default('0.0.0.0'), http: port.default(80), https: port.default(443) })
      .strict()
      .default({ host: '0.0.0.0', http: 80, https: 443 }),
    /** TLS certificate chain and key (PEM). `stack up` makes a self-signed pair when empty. */
    tls: z
      .object({ cert: path.default(''), key: path.default('') })
      .strict()
      .default({ cert: '', key: '' }),
    /** Largest request body nginx accepts (nginx size syntax: 512m, 2g). */
    maxBodySize: z
      .string()
      .regex(/^\d+[kmg]?$/i)
      .default('2g'),
    /**
     * The backend's blob directory and its `xAccelRedirect` location: nginx
     * serves downloads from there itself. Empty: no internal location.
     */
    blobs: z
      .object({ dir: path.default(''), location: path.default('/_blobs/') })
      .strict()
      .default({ dir: '', location: '/_blobs/' }),
    varnish: z
      .object({
        listen: server.default({ host: '127.0.0.1', port: 6081 }),
        /** Management port (varnishadm); loopback only. */
        admin: server.default({ host: '127.0.0.1', port: 6082 }),
        /** Cache size (varnishd -s malloc,SIZE). */
        memory: z
          .string()
          .regex(/^\d+[kmgKMG]?$/)
          .default('256m'),
        /** Seconds an API response without Cache-Control is cached for anonymous users. */
        apiTtl: z.number().int().min(0).default(60),
        /** Seconds a stale object is kept and served while the backends are down. */
        grace: z.number().int().min(0).default(86400),
        /** Seconds a stale object is served while it is refetched (healthy backends). */
        staleWhileRevalidate: z.number().int().min(0).default(300),
        /** Add `X-Cache: HIT|MISS` (debugging; off in production). */
        xCache: z.boolean().default(false),
      })
      .strict()
      .default({
        listen: { host: '127.0.0.1', port: 6081 },
        admin: { host: '127.0.0.1', port: 6082 },
        memory: '256m',
        apiTtl: 60,
        grace: 86400,
        staleWhileRevalidate: 300,
        xCache: false,
      }),
    haproxy: z
      .object({
        /** Varnish talks to this port for pages (the frontend pool). */
        frontendsListen: server.default({ host: '127.0.0.1', port: 8090 }),
        /** …and to this one for /++api++/ and the frontends' server-side calls (the backend pool). */
        backendsListen: server.default({ host: '127.0.0.1', port: 8091 }),
        /** Requests one backend / frontend process works on at once; more wait in HAProxy's queue. */
        backendMaxconn: z.number().int().min(1).default(16),
        frontendMaxconn: z.number().int().min(1).default(32),
        /** Seconds a request may wait in the queue before a 503. */
        queueTimeout: z.number().int().min(1).default(30),
      })
      .strict()
      .default({
        frontendsListen: { host: '127.0.0.1', port: 8090 },
        backendsListen: { host: '127.0.0.1', port: 8091 },
        backendMaxconn: 16,
        frontendMaxconn: 32,
        queueTimeout: 30,
      }),
    /** The `tessera serve` processes. */
    backends: z
      .array(server)
      .min(1)
      .default([{ host: '127.0.0.1', port: 8080 }]),
    /** The `tessera frontend` processes. */
    frontends: z
      .array(server)
      .min(1)
      .default([{ host: '127.0.0.1', port: 3000 }]),
    /**
     * Addresses allowed to send PURGE/BAN to Varnish: the backends' hosts
     * (loopback is always allowed, for varnishadm-like local tools).
     */
    purgers: z.array(host).default([]),
    /** Runtime paths: pid files, sockets, logs, nginx temp files, Varnish's work dir. */
    paths: z
      .object({
        run: path.default('/run/tessera-stack'),
        logs: path.default('/var/log/tessera-stack'),
      })
      .strict()
      .default({ run: '/run/tessera-stack', logs: '/var/log/tessera-stack' }),
    /** nginx's worker user; empty leaves nginx's default (only root can switch users). */
    nginxUser: z
      .string()
      .regex(/^[a-z_][a-z0-9_-]*$|^$/)
      .default(''),
  })
  .strict();

export type StackSettings = z.infer<typeof stackSettingsSchema>;

export function parseStackSettings(input: unknown): StackSettings {
  const result = stackSettingsSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid stack settings:\n${lines.join('\n')}`);
  }
  const s = result.data;
  // Relative paths would be resolved by each server against its own idea of a prefix.
  for (const p of [s.tls.cert, s.tls.key, s.blobs.dir, s.paths.run, s.paths.logs])
    if (p && !isAbsolute(p)) throw new ConfigError(`Invalid stack settings: ${p} must be an absolute path`);
  return s;
}

export function readStackSettings(file: string): StackSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Cannot read stack settings ${file}: ${(err as Error).message}`);
  }
  const s = parseStackSettings(raw);
  return s;
}

/** Absolute form of a path given on the command line. */
export function absolute(p: string): string {
  return resolve(p);
}
