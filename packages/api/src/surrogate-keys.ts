// Surrogate keys: every JSON response built from content names the UIDs it
// was built from (the object, its parent, its items, the navigation and
// other expanded components), so a caching proxy can purge exactly the
// responses that showed a changed item — Varnish's xkey, Fastly's
// Surrogate-Key, Cloudflare's Cache-Tag. The list is the serialization
// cache's own dependency list (decision 0002), so a purge and a cache
// invalidation agree on what a change affects.

/**
 * At most this many keys per response: three headers of ~33 bytes per UID
 * stay well under Varnish's default 8 KiB header line and 32 KiB of headers.
 * The object itself and its parent come first, and every change also purges
 * the parent's key, so a long listing is still purged when any item changes.
 */
export const MAX_KEYS = 100;

export function surrogateKeyHeaders(deps: readonly string[]): Record<string, string> {
  const keys = [...new Set(deps)].slice(0, MAX_KEYS);
  if (keys.length === 0) return {};
  return { xkey: keys.join(' '), 'Surrogate-Key': keys.join(' '), 'Cache-Tag': keys.join(',') };
}
