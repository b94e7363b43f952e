// What a driver error means for the request that met it. Two classes matter
// to callers: the database cannot be reached (answer 503 and let the pool
// reconnect by itself once it is back) and a transaction lost a race with
// another one (run it again as a whole). Everything else is a bug or bad data.
import { TesseraError } from '@tessera/core';

/** Socket-level failures: the server is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // mysql2
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_NORMAL_SHUTDOWN',
]);

/** PostgreSQL SQLSTATEs of a lost or refused connection (class 08, shutdowns, too many connections). */
const PG_UNAVAILABLE = /^(08...|57P01|57P02|57P03|53300)$/;

// node-postgres reports a dropped socket by message only.
const PG_MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Connection is closed|closed state/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; fatal?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || PG_UNAVAILABLE.test(code)) return true;
  return typeof e.message === 'string' && PG_MESSAGES.test(e.message);
}

/**
 * A transaction that lost to a concurrent one and may simply run again:
 * PostgreSQL's serialization failure and deadlock victim, MariaDB's deadlock
 * and lock wait timeout, SQLite's busy (another process held the write lock
 * past busy_timeout).
 */
export function isRetryableConflict(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === '40001' || e.code === '40P01') return true;
  if (e.errno === 1213 || e.errno === 1205) return true;
  return e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_BUSY_SNAPSHOT';
}

/** A connection failure as the 503 the client sees; anything else unchanged. */
export function asUnavailable(err: unknown): unknown {
  if (err instanceof TesseraError || !isDatabaseUnavailable(err)) return err;
  return new TesseraError('ServiceUnavailable', 'The database is unavailable; please try again shortly.', {
    headers: { 'Retry-After': '5' },
    cause: err,
  });
}

/** How many times a write that lost a race is run again before the client gets 409. */
export const WRITE_ATTEMPTS = 4;

export function conflictExhausted(err: unknown): TesseraError {
  return new TesseraError(
    'Conflict',
    'The change conflicted with concurrent changes to the same content; please try again.',
    { cause: err },
  );
}
