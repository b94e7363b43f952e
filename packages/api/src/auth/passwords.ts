// Password hashing with scrypt (node:crypto), per-user random salt, parameters
// stored with the hash so they can be raised later without breaking old hashes:
//   scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const LOG2_N = 15;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scryptAsync(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const N = 2 ** logN;
    scrypt(password, salt, KEYLEN, { N, r, p, maxmem: 256 * N * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, LOG2_N, R, P);
  return `scrypt$${LOG2_N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, logN, r, p, salt, hash] = parts;
  // Bounded so that a corrupt or hostile hash cannot ask for gigabytes.
  if (!(Number(logN) >= 1 && Number(logN) <= 20 && Number(r) <= 32 && Number(p) <= 16)) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), Number(logN), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * True when a stored hash was made with other parameters than today's (or in
 * another format): it is rehashed on the next successful login.
 */
export function needsRehash(stored: string): boolean {
  const [scheme, logN, r, p, salt] = stored.split('$');
  return (
    scheme !== 'scrypt' ||
    Number(logN) !== LOG2_N ||
    Number(r) !== R ||
    Number(p) !== P ||
    Buffer.from(salt ?? '', 'base64').length < 16
  );
}

/** A hash with explicit (older) parameters, for tests of the upgrade path. */
export async function hashPasswordWith(password: string, logN: number, r = R, p = P): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, logN, r, p);
  return `scrypt$${logN}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A random password for the first admin when none is configured. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
