// Test users with given global roles, written straight to storage (faster
// than @users, and independent of it); returns their Basic headers.
import { hashPassword } from '../src/auth/passwords.js';
import type { TestSite } from './harness.js';

export async function addUser(s: TestSite, id: string, roles: string[]): Promise<string> {
  const password = `${id}-password`;
  const passwordHash = await hashPassword(password);
  await s.storage.write({ principal: 'test' }, (tx) =>
    tx.putUser({ id, login: id, fullname: id, email: `${id}@example.org`, passwordHash, roles }),
  );
  return `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`;
}
