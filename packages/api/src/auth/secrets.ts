// The JWT signing secret, kept in the site settings ('jwt_secret', and
// 'jwt_previous' while a rotated-out secret is in its grace period).
import { randomBytes } from 'node:crypto';
import type { ReadTx, WriteTx } from '@tessera/core';
import type { JwtSecrets } from './tokens.js';

export const newSecret = () => randomBytes(32).toString('base64url');

export async function readSecrets(tx: ReadTx): Promise<JwtSecrets | undefined> {
  const current = await tx.getSetting<string>('jwt_secret');
  if (!current) return undefined;
  const previous = await tx.getSetting<{ secret: string; until: string } | null>('jwt_previous');
  return previous ? { current, previous } : { current };
}

/**
 * Writes a new signing secret; the old one verifies for `graceSeconds` more
 * (0 ends every token at once, for a leaked secret). Returns when it expires.
 */
export async function rotateSecret(tx: WriteTx, graceSeconds: number): Promise<string> {
  const old = await tx.getSetting<string>('jwt_secret');
  const until = new Date(Date.now() + graceSeconds * 1000).toISOString();
  await tx.setSetting('jwt_secret', newSecret());
  await tx.setSetting('jwt_previous', old && graceSeconds > 0 ? { secret: old, until } : null);
  return until;
}
