// The one configuration schema. Layers, later wins: defaults → config file
// (JSON) → TESSERA_* environment variables → command-line flags. Validated
// once at start, then frozen. Secrets come only from the environment or files.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

// 'false'/'0'/'no' from the environment mean false (z.coerce.boolean would say true).
const booleanish = z.preprocess(
  (v) => (typeof v === 'string' ? !/^(false|0|no|off)$/i.test(v.trim()) : v),
  z.boolean(),
);

const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  kb: 1e3,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gib: 1024 ** 3,
};

/** "100MiB", "2 GB", "1048576" → bytes; anything else is left for the schema to refuse. */
function parseSize(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  return m && unit ? Math.round(Number(m[1]) * unit) : v;
}

/** "File=2GiB,Image=100MiB,*=1GiB" (the environment's form) or an object → {type: bytes}. */
function parseLimits(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const out: Record<string, unknown> = {};
  for (const pair of v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq < 0) return v;
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

const byteSize = z.preprocess(parseSize, z.number().int().positive());

/** "a, b,c" (the environment's form) → ['a', 'b', 'c']; arrays pass through. */
function commaList(v: unknown): unknown {
  return typeof v === 'string'
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : v;
}

export const configSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    /**
     * Backend processes on this host sharing the port (`auto`: one per core).
     * More than one needs PostgreSQL or MariaDB: SQLite is one process.
     */
    workers: z.preprocess(
      (v) => (v === 'auto' ? availableParallelism() : v),
      z.coerce.number().int().min(1).max(256).default(1),
    ),
    /** Directory for the embedded database, logs and other local state. */
    data: z.string().default('./var'),
    /** Database URL; empty means the embedded SQLite file `<data>/tessera.db`. */
    db: z.string().default(''),
    /**
     * Directory for blobs (file and image bytes). Empty: `<data>/blobs` on the
     * embedded SQLite default, inside the database on PostgreSQL/MariaDB (so
     * every host sees them); set it to a directory all hosts share to keep them as files.
     */
    blobDir: z.string().default(''),
    /**
     * Hand blob downloads to nginx: the internal location (e.g. `/_blobs/`)
     * that maps to `blobDir`. Empty (the default): the backend streams them.
     */
    xAccelRedirect: z
      .string()
      .regex(/^(\/[^\s]*\/)?$/, 'xAccelRedirect must be empty or a path starting and ending with /')
      .default(''),
    /**
     * Image scaling (docs/decisions/0017-image-scales.md): the most pixels an
     * image may have to be scaled (a guard against decompression bombs), the
     * seconds one scaling may take, and the formats scales are also offered
     * in when the browser's Accept allows ("avif,webp", best first; empty:
     * every scale keeps its image's format).
     */
    imageMaxPixels: z.coerce.number().int().positive().default(100_000_000),
    imageTimeout: z.coerce.number().int().positive().default(20),
    imageFormats: z.preprocess(commaList, z.array(z.enum(['avif', 'webp']))).default([]),
    /** Where the site is mounted: '' serves it at '/', '/Plone' at '/Plone'. */
    sitePath: z
      .string()
      .regex(/^(\/[A-Za-z0-9._-]+)?$/, 'sitePath must be empty or one path segment like /Plone')
      .default(''),
    siteId: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/)
      .default('plone'),
    siteTitle: z.string().default('Site'),
    /**
     * What a new site is created with, as Plone's distributions: 'volto' gives
     * Document and the site root Volto's blocks; 'classic' is plain Plone
     * (what plone.restapi's documentation examples were recorded against).
     */
    distribution: z.enum(['volto', 'classic']).default('volto'),
    /** Multilingual content (docs/multilingual.md): the languages to keep language root folders for; empty: off. */
    multilingual: z
      .preprocess(commaList, z.array(z.string().regex(/^[a-z]{2,3}(-[a-z]{2,4})?$/)))
      .default([]),
    /** Largest accepted request body, in bytes. */
    bodyLimit: z.coerce
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    /**
     * Largest file (bytes) one upload may store, per content type; `*` for
     * the others. Applies to JSON, multipart and TUS uploads alike; larger is a 413.
     */
    uploadLimits: z
      .preprocess(parseLimits, z.record(z.string(), byteSize))
      .default({ '*': 2 * 1024 ** 3, Image: 100 * 1024 ** 2 }),
    /** Largest accepted b_size; larger requests get a 400. */
    maxBatchSize: z.coerce.number().int().positive().default(1000),
    defaultBatchSize: z.coerce.number().int().positive().default(25),
    /** Seconds a JWT from @login stays valid. */
    tokenLifetime: z.coerce
      .number()
      .int()
      .positive()
      .default(12 * 3600),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Log file; empty logs JSON to stdout. SIGUSR2 reopens it (logrotate). */
    logFile: z.string().default(''),
    /** Initial admin password (only read when the site is created). */
    adminPassword: z.string().min(8).optional(),
    /** Honour X-Forwarded-Host/-Proto (set when behind nginx/Varnish/HAProxy). */
    trustProxy: booleanish.default(true),
    /** Object cache size (entries) for precomputed serializations. */
    cacheEntries: z.coerce.number().int().min(0).default(20000),
    /** Shortest password accepted for a user. */
    passwordMinLength: z.coerce.number().int().min(1).max(256).default(8),
    /** Seconds a password reset link from e-mail stays valid. */
    passwordResetLifetime: z.coerce
      .number()
      .int()
      .positive()
      .default(24 * 3600),
    /** Seconds a rotated-out JWT secret still verifies tokens (see @jwt-secret). */
    jwtSecretGrace: z.coerce.number().int().min(0).default(3600),
    /** Failed logins per account, then per client address, within the window before 429s. */
    loginMaxFailures: z.coerce.number().int().positive().default(5),
    loginMaxFailuresPerAddress: z.coerce.number().int().positive().default(20),
    /** Seconds over which failed logins are counted (and a throttled client waits at most). */
    loginThrottleWindow: z.coerce.number().int().positive().default(900),
    /** Origins (scheme://host[:port]) besides the request's own host that may send cookie-authenticated writes. */
    csrfTrustedOrigins: z
      .preprocess(
        commaList,
        z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'an origin like https://www.example.org')),
      )
      .default([]),
    /** Where users open links from e-mails (the frontend); empty: the site URL of the request. */
    publicUrl: z
      .string()
      .regex(/^(https?:\/\/[^\s]+)?$/, 'publicUrl must be empty or an http(s) URL')
      .default(''),
    /** SMTP server for outgoing mail (password resets); empty disables mail. */
    smtpHost: z.string().default(''),
    smtpPort: z.coerce.number().int().min(1).max(65535).default(25),
    /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
    smtpSecure: booleanish.default(false),
    /** Refuse to send unless the connection is encrypted (STARTTLS or implicit TLS). */
    smtpRequireTls: booleanish.default(false),
    smtpUser: z.string().default(''),
    smtpPassword: z.string().default(''),
    /** The From address of outgoing mail. */
    mailFrom: z.string().default('Tessera <noreply@localhost>'),
    /**
     * Caches to purge after every commit, by the changed content's UIDs
     * (docs/stack.md): Varnish instances running the generated VCL.
     */
    purgeUrls: z
      .preprocess(
        commaList,
        z.array(z.string().regex(/^https?:\/\/[^\s/]+\/?$/, 'an origin like http://127.0.0.1:6081')),
      )
      .default([]),
    /** Also purge a CDN by cache tag: Cloudflare (zone id) or Fastly (service id); empty: none. */
    purgeCdn: z.enum(['', 'cloudflare', 'fastly']).default(''),
    purgeCdnId: z
      .string()
      .regex(/^[\w-]*$/)
      .default(''),
    /** The CDN's API token: from the environment (TESSERA_PURGE_CDN_TOKEN), never a file in git. */
    purgeCdnToken: z.string().default(''),
    /** The CDN API's base URL, for an API proxy; empty: the CDN's public API. */
    purgeCdnEndpoint: z
      .string()
      .regex(/^(https?:\/\/[^\s]+)?$/)
      .default(''),
    /**
     * Graceful stop (docs/operations.md): seconds /ready answers 503 before
     * the listener closes (time for a load balancer to notice), then the most
     * seconds in-flight requests get to finish before the process exits anyway.
     */
    drainDelay: z.coerce.number().min(0).max(600).default(0),
    drainTimeout: z.coerce.number().min(0).max(3600).default(30),
    /**
     * Days a deleted item stays in the trash before the scheduled purge
     * removes it for good (docs/trash.md); 0 disables the trash: DELETE
     * destroys at once. Fractions are allowed (0.5 = 12 hours).
     */
    trashDays: z.coerce.number().min(0).max(36_500).default(30),
    /** Seconds between two runs of the scheduled trash purge in a backend process (0: never; use `tessera trash purge-expired`). */
    trashPurgeInterval: z.coerce.number().int().min(0).default(3600),
    /**
     * Types whose saves make versions (@history; docs/history-and-locking.md),
     * as Plone's versioning policy does for these by default.
     */
    versionableTypes: z
      .preprocess(commaList, z.array(z.string()))
      .default(['Document', 'News Item', 'Event', 'Link', 'File', 'Image']),
    /** Seconds an edit lock (@lock) lasts unless refreshed or given another timeout. */
    lockTimeout: z.coerce
      .number()
      .int()
      .positive()
      .max(86_400 * 7)
      .default(600),
    /** Serve Prometheus metrics at /metrics (to loopback/private addresses, or with metricsToken). */
    metrics: booleanish.default(true),
    /** Bearer token that opens /metrics to any address; empty: loopback/private addresses only. */
    metricsToken: z.string().default(''),
  })
  .strict()
  .refine((c) => !c.purgeCdn || (c.purgeCdnId && c.purgeCdnToken), {
    message: 'purgeCdn needs purgeCdnId and TESSERA_PURGE_CDN_TOKEN',
    path: ['purgeCdn'],
  });

/** The largest upload (bytes) a content type's file fields take. */
export function uploadLimitFor(config: Config, type: string): number {
  return config.uploadLimits[type] ?? config.uploadLimits['*'] ?? 2 * 1024 ** 3;
}

export type Config = Readonly<z.infer<typeof configSchema>>;

const ENV_KEYS: Record<string, keyof z.infer<typeof configSchema>> = {
  TESSERA_HOST: 'host',
  TESSERA_PORT: 'port',
  TESSERA_DATA: 'data',
  TESSERA_BLOB_DIR: 'blobDir',
  TESSERA_UPLOAD_LIMITS: 'uploadLimits',
  TESSERA_X_ACCEL_REDIRECT: 'xAccelRedirect',
  TESSERA_DB: 'db',
  TESSERA_WORKERS: 'workers',
  TESSERA_IMAGE_MAX_PIXELS: 'imageMaxPixels',
  TESSERA_IMAGE_TIMEOUT: 'imageTimeout',
  TESSERA_IMAGE_FORMATS: 'imageFormats',
  TESSERA_SITE_PATH: 'sitePath',
  TESSERA_SITE_ID: 'siteId',
  TESSERA_SITE_TITLE: 'siteTitle',
  TESSERA_DISTRIBUTION: 'distribution',
  TESSERA_MULTILINGUAL: 'multilingual',
  TESSERA_BODY_LIMIT: 'bodyLimit',
  TESSERA_MAX_BATCH_SIZE: 'maxBatchSize',
  TESSERA_TOKEN_LIFETIME: 'tokenLifetime',
  TESSERA_LOG_LEVEL: 'logLevel',
  TESSERA_LOG_FILE: 'logFile',
  TESSERA_ADMIN_PASSWORD: 'adminPassword',
  TESSERA_TRUST_PROXY: 'trustProxy',
  TESSERA_CACHE_ENTRIES: 'cacheEntries',
  TESSERA_PASSWORD_MIN_LENGTH: 'passwordMinLength',
  TESSERA_PASSWORD_RESET_LIFETIME: 'passwordResetLifetime',
  TESSERA_JWT_SECRET_GRACE: 'jwtSecretGrace',
  TESSERA_LOGIN_MAX_FAILURES: 'loginMaxFailures',
  TESSERA_LOGIN_MAX_FAILURES_PER_ADDRESS: 'loginMaxFailuresPerAddress',
  TESSERA_LOGIN_THROTTLE_WINDOW: 'loginThrottleWindow',
  TESSERA_CSRF_TRUSTED_ORIGINS: 'csrfTrustedOrigins',
  TESSERA_PUBLIC_URL: 'publicUrl',
  TESSERA_SMTP_HOST: 'smtpHost',
  TESSERA_SMTP_PORT: 'smtpPort',
  TESSERA_SMTP_SECURE: 'smtpSecure',
  TESSERA_SMTP_REQUIRE_TLS: 'smtpRequireTls',
  TESSERA_SMTP_USER: 'smtpUser',
  TESSERA_SMTP_PASSWORD: 'smtpPassword',
  TESSERA_MAIL_FROM: 'mailFrom',
  TESSERA_PURGE_URLS: 'purgeUrls',
  TESSERA_PURGE_CDN: 'purgeCdn',
  TESSERA_PURGE_CDN_ID: 'purgeCdnId',
  TESSERA_PURGE_CDN_TOKEN: 'purgeCdnToken',
  TESSERA_PURGE_CDN_ENDPOINT: 'purgeCdnEndpoint',
  TESSERA_DRAIN_DELAY: 'drainDelay',
  TESSERA_DRAIN_TIMEOUT: 'drainTimeout',
  TESSERA_METRICS: 'metrics',
  TESSERA_METRICS_TOKEN: 'metricsToken',
  TESSERA_TRASH_DAYS: 'trashDays',
  TESSERA_TRASH_PURGE_INTERVAL: 'trashPurgeInterval',
  TESSERA_VERSIONABLE_TYPES: 'versionableTypes',
  TESSERA_LOCK_TIMEOUT: 'lockTimeout',
};

export class ConfigError extends Error {}

export interface LoadConfigOptions {
  /** Path of a JSON config file; when absent `tessera.config.json` in cwd is used if it exists. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  flags?: Record<string, unknown>;
}

export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const layers: Record<string, unknown> = {};
  const file = opts.file ?? env.TESSERA_CONFIG ?? 'tessera.config.json';
  try {
    Object.assign(layers, JSON.parse(readFileSync(file, 'utf8')));
  } catch (err: any) {
    if (err?.code !== 'ENOENT' || opts.file || env.TESSERA_CONFIG)
      throw new ConfigError(`Cannot read config file ${file}: ${err.message}`);
  }
  // The common DATABASE_URL (Heroku, Kubernetes charts), below TESSERA_DB.
  if (env.DATABASE_URL) layers.db = env.DATABASE_URL;
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    if (env[name] !== undefined && env[name] !== '') layers[key] = env[name];
  }
  for (const [key, value] of Object.entries(opts.flags ?? {})) {
    if (value !== undefined) layers[key] = value;
  }
  return parseConfig(layers);
}

export function parseConfig(input: Record<string, unknown>): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}
