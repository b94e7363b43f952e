// What a new password must satisfy. Plone checks a minimum length; Tessera
// also refuses a password equal to the login or user id, and caps the length
// so that a request cannot make the hash arbitrarily expensive.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/users.html#reset-user-password

export interface PasswordPolicy {
  minLength: number;
}

export const MAX_PASSWORD_LENGTH = 4096;

/** Why `password` is not acceptable for this user, or null when it is. */
export function passwordProblem(
  policy: PasswordPolicy,
  password: unknown,
  user: { id?: string; login?: string },
): string | null {
  if (typeof password !== 'string') return 'The password must be a string.';
  if ([...password].length < policy.minLength)
    return `The password must be at least ${policy.minLength} characters long.`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  const lower = password.toLowerCase();
  for (const name of [user.id, user.login])
    if (name && lower === name.toLowerCase()) return 'The password must not be the same as the user name.';
  return null;
}
