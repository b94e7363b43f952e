// JSON for response bodies that embed shared, frozen parts (the components
// cache's navigation trees, decision 0014): each frozen part is serialized
// once and its text reused, so a 2 MB navigation tree is not re-encoded on
// every page. Frozen values never change (deepFreeze), so their text cannot
// go stale; the WeakMap lets it go with the value.

const texts = new WeakMap<object, string>();
/** Frozen parts are looked for this deep (a body's @components.navigation is at depth 2). */
const MAX_DEPTH = 2;

export function toJson(value: unknown, depth = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Object.isFrozen(value)) {
    let text = texts.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      texts.set(value, text);
    }
    return text;
  }
  if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : toJson(v, depth + 1))).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    parts.push(`${JSON.stringify(k)}:${toJson(v, depth + 1)}`);
  }
  return `{${parts.join(',')}}`;
}
