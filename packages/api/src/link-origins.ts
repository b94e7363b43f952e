// Which absolute URLs in rich text and blocks point into this site (so they
// are tracked as links, links/extract.ts): the public URL's origin and the
// origins trusted for CSRF. Relative paths and resolveuid links always are.
import type { Config } from '@tessera/core';

export function linkOrigins(config: Pick<Config, 'publicUrl' | 'csrfTrustedOrigins'>): string[] {
  const out = new Set<string>(config.csrfTrustedOrigins);
  if (config.publicUrl) {
    try {
      out.add(new URL(config.publicUrl).origin);
    } catch {
      // Validated at start; nothing to add if it somehow is not a URL.
    }
  }
  return [...out];
}
