// Stories: one folder of exchanges under contract/exchanges/, replayed in
// file-name order against one fresh site. This module loads them, sends one
// exchange's request through Fastify's inject() and compares the response.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parseRequest, parseResponse, type RequestFile, type ResponseFile } from './http-file.js';
import { type Captured, type Diff, matchString, matchValue, type Scope, substitute } from './match.js';

/** The Host every request is sent with unless its .req names one; {{base}} is http://<this>. */
export const HOST = 'localhost:8080';
export const BASE = `http://${HOST}`;

export interface Exchange {
  story: string;
  /** File name without extension, e.g. 03_content_post_document. */
  file: string;
  /** The file name without its order prefix: what {{capture:NAME/…}} refers to. */
  name: string;
  reqPath: string;
  respPath: string;
}

export interface Story {
  name: string;
  dir: string;
  exchanges: Exchange[];
}

export function loadStories(root: string): Story[] {
  const stories: Story[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, entry.name);
    const all = readdirSync(dir);
    const files = all.filter((f) => f.endsWith('.req')).sort();
    const orphan = all.find(
      (f) => f.endsWith('.resp') && !all.includes(`${f.slice(0, -'.resp'.length)}.req`),
    );
    if (orphan) throw new Error(`${join(dir, orphan)} has no .req`);
    const seen = new Set<string>();
    const exchanges = files.map((f) => {
      const file = f.slice(0, -'.req'.length);
      const name = file.replace(/^\d+_/, '');
      if (seen.has(name)) throw new Error(`${dir}: two exchanges named "${name}"`);
      seen.add(name);
      return {
        story: entry.name,
        file,
        name,
        reqPath: join(dir, `${file}.req`),
        respPath: join(dir, `${file}.resp`),
      };
    });
    stories.push({ name: entry.name, dir, exchanges });
  }
  return stories.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function newScope(adminPassword: string): Scope {
  return {
    base: BASE,
    admin: Buffer.from(`admin:${adminPassword}`).toString('base64'),
    password: adminPassword,
    exchanges: new Map(),
  };
}

export function readRequest(ex: Exchange): RequestFile {
  return parseRequest(readFileSync(ex.reqPath, 'utf8'), ex.reqPath);
}

export function readResponse(ex: Exchange): ResponseFile | undefined {
  return existsSync(ex.respPath) ? parseResponse(readFileSync(ex.respPath, 'utf8'), ex.respPath) : undefined;
}

/** Sends the exchange's request (placeholders substituted) and captures the response. */
export async function perform(app: FastifyInstance, req: RequestFile, scope: Scope): Promise<Captured> {
  const headers: Record<string, string> = {};
  for (const [k, v] of req.headers) headers[k.toLowerCase()] = substitute(v, scope);
  headers.host ??= HOST;
  const body = substitute(req.body, scope);
  const res = await app.inject({
    method: req.method as any,
    url: substitute(req.target, scope),
    headers,
    payload: body === '' ? undefined : body,
  });
  const resHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v !== undefined) resHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  let parsed: unknown;
  if (res.body !== '') {
    try {
      parsed = JSON.parse(res.body);
    } catch {
      parsed = res.body;
    }
  }
  return { status: res.statusCode, headers: resHeaders, body: parsed, bodyText: res.body };
}

const mediaType = (v: string) => v.split(';')[0].trim().toLowerCase();

/** Every way the actual response differs from the expected .resp. */
export function compare(expected: ResponseFile, actual: Captured, scope: Scope): Diff[] {
  const diffs: Diff[] = [];
  if (expected.status !== actual.status)
    diffs.push({ path: 'status', message: `expected ${expected.status}, got ${actual.status}` });
  const bindings = new Map<string, string>();
  for (const [name, value] of expected.headers) {
    const path = `header ${name}`;
    const got = actual.headers[name.toLowerCase()];
    if (got === undefined) {
      diffs.push({ path, message: `missing, expected ${JSON.stringify(value)}` });
    } else if (name.toLowerCase() === 'content-type') {
      if (mediaType(value) !== mediaType(got))
        diffs.push({ path, message: `expected media type ${mediaType(value)}, got ${JSON.stringify(got)}` });
    } else {
      const reason = matchString(value, got, scope, bindings);
      if (reason)
        diffs.push({
          path,
          message: `expected ${JSON.stringify(value)}, got ${JSON.stringify(got)} (${reason})`,
        });
    }
  }
  if (expected.body === '') {
    if (actual.bodyText !== '')
      diffs.push({ path: 'body', message: `expected no body, got ${actual.bodyText.slice(0, 200)}` });
    return diffs;
  }
  let want: unknown;
  try {
    want = JSON.parse(expected.body);
  } catch {
    // Not JSON: the body is compared as one string (placeholders allowed).
    const reason = matchString(expected.body, actual.bodyText, scope, bindings);
    if (reason)
      diffs.push({
        path: 'body',
        message: `expected ${JSON.stringify(expected.body)}, got ${JSON.stringify(actual.bodyText)} (${reason})`,
      });
    return diffs;
  }
  if (actual.bodyText === '') {
    diffs.push({ path: 'body', message: 'expected a JSON body, got none' });
    return diffs;
  }
  if (typeof actual.body === 'string' && typeof want !== 'string') {
    diffs.push({
      path: 'body',
      message: `expected JSON, got ${JSON.stringify(actual.bodyText.slice(0, 200))}`,
    });
    return diffs;
  }
  matchValue(want, actual.body, scope, diffs, '$', bindings);
  return diffs;
}
