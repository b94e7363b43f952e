// Test helper: reads plone.restapi's recorded responses from the shared
// conformance folder (outside the repository) when it is present.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = new URL('../../../../../shared/conformance/plone-restapi/', import.meta.url);

export const SITE_URL = 'http://localhost:55001/plone';

/** The JSON body of `<name>.resp` (or `.req`), or undefined when the recordings are absent. */
export function recording(name: string): any {
  const path = fileURLToPath(new URL(name.includes('.') ? name : `${name}.resp`, DIR));
  if (!existsSync(path)) return undefined;
  const raw = readFileSync(path, 'utf8');
  const start = raw.search(/^[[{]/m);
  return start === -1 ? undefined : JSON.parse(raw.slice(start));
}

/** Options for node:test that skip a test when the recordings are not there. */
export const needsRecordings = { skip: !existsSync(fileURLToPath(DIR)) && 'recordings not available' };

/** Deep copy with object keys sorted, for order-insensitive comparison of objects. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}
