// Reading and writing the .req/.resp files: a start line, `Name: value`
// headers, a blank line, then the body (JSON for responses, or empty).
import { STATUS_CODES } from 'node:http';

export interface RequestFile {
  method: string;
  /** Path and query, e.g. /folder?b_size=2 (placeholders not yet substituted). */
  target: string;
  headers: Array<[string, string]>;
  /** Raw body text, without the file's final newline. */
  body: string;
}

export interface ResponseFile {
  status: number;
  headers: Array<[string, string]>;
  /** Raw body text; empty when the response must have no body. */
  body: string;
}

function split(text: string, file: string) {
  const normalized = text.replace(/\r\n/g, '\n');
  const blank = normalized.indexOf('\n\n');
  const head = blank === -1 ? normalized.replace(/\n+$/, '') : normalized.slice(0, blank);
  const body = blank === -1 ? '' : normalized.slice(blank + 2).replace(/\n+$/, '');
  const [startLine, ...headerLines] = head.split('\n');
  const headers: Array<[string, string]> = headerLines.map((line) => {
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`${file}: malformed header line ${JSON.stringify(line)}`);
    return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
  });
  return { startLine: startLine ?? '', headers, body };
}

export function parseRequest(text: string, file = 'request'): RequestFile {
  const { startLine, headers, body } = split(text, file);
  const m = /^([A-Z]+) (\S+)(?: HTTP\/1\.[01])?$/.exec(startLine.trim());
  if (!m) throw new Error(`${file}: expected "METHOD /path HTTP/1.1", got ${JSON.stringify(startLine)}`);
  return { method: m[1], target: m[2], headers, body };
}

export function parseResponse(text: string, file = 'response'): ResponseFile {
  const { startLine, headers, body } = split(text, file);
  const m = /^HTTP\/1\.[01] (\d{3})\b/.exec(startLine.trim());
  if (!m) throw new Error(`${file}: expected "HTTP/1.1 <status> <reason>", got ${JSON.stringify(startLine)}`);
  return { status: Number(m[1]), headers, body };
}

export function formatResponse(res: ResponseFile): string {
  const lines = [`HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ''}`.trimEnd()];
  for (const [k, v] of res.headers) lines.push(`${k}: ${v}`);
  return `${lines.join('\n')}\n\n${res.body ? `${res.body}\n` : ''}`;
}

/** Canonical spelling for the headers the recorder writes. */
export function headerName(lower: string): string {
  if (lower === 'etag') return 'ETag';
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}
