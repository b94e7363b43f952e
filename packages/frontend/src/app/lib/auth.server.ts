// Who is logged in, for display only: the backend checks the token on every call.
export function userFromToken(token: string | null): string | null {
  if (!token) return null;
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return null;
    return typeof claims.fullname === 'string' && claims.fullname
      ? claims.fullname
      : typeof claims.sub === 'string'
        ? claims.sub
        : null;
  } catch {
    return null;
  }
}
