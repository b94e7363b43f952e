// The one cookie the frontend owns: `auth_token`, as Volto names it.
export const AUTH_COOKIE = 'auth_token';

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value) || null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** HttpOnly so page scripts never see the token; SameSite=Lax so other sites' forms do not carry it. */
export function authCookie(token: string | null, secure: boolean): string {
  const flags = `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  return token
    ? `${AUTH_COOKIE}=${encodeURIComponent(token)}; ${flags}`
    : `${AUTH_COOKIE}=; ${flags}; Max-Age=0`;
}
