// Small REST helpers for tests that drive real server processes.
export const ADMIN_PASSWORD = 'many-secret-pw';
export const adminAuth = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

export async function api(
  base: string,
  path: string,
  opts: { method?: string; body?: unknown; anonymous?: boolean; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (!opts.anonymous) headers.authorization = adminAuth;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${base}${path}`, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await r.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: r.status, body, headers: r.headers };
}

/** A REST call as admin, JSON in and out: `json` is the parsed body, or undefined when it is not JSON. */
export async function call(base: string, method: string, path: string, body?: unknown) {
  const r = await fetch(new URL(path, `${base}/`), {
    method,
    headers: {
      accept: 'application/json',
      authorization: adminAuth,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: the text is there
  }
  return { status: r.status, json, text };
}
