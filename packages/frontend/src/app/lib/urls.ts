// Link and URL helpers shared by server and browser code.

const SAFE_PROTOCOL = /^(https?:|mailto:|tel:)/i;

/** A URL safe to put in href/src: relative, http(s), mailto or tel; anything else becomes '#'. */
export function safeUrl(url: unknown): string {
  if (typeof url !== 'string') return '#';
  const trimmed = url.trim();
  if (trimmed === '') return '#';
  // Control characters and whitespace inside a scheme can disguise `javascript:`.
  const probe = [...trimmed].filter((c) => c.charCodeAt(0) > 0x20).join('');
  if (/^[a-z][a-z0-9+.-]*:/i.test(probe)) return SAFE_PROTOCOL.test(probe) ? trimmed : '#';
  return trimmed;
}

/** True for a path inside this site ("/news"), which client-side navigation can handle. */
export function isInternal(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//') && !/\/@@(download|images|display-file)\//.test(url);
}

const RESOLVEUID = /(?:^|\/)resolveuid\/([0-9a-f-]{8,})(\/.*)?$/i;

/** The UID of a `resolveuid/<uid>` link, as Plone stores internal links. */
export function resolveUidOf(url: string): { uid: string; rest: string } | null {
  const m = RESOLVEUID.exec(url);
  return m ? { uid: m[1], rest: m[2] ?? '' } : null;
}

/** Replaces Plone's `${portal_url}` placeholder in Link objects' remoteUrl. */
export function expandRemoteUrl(url: string): string {
  return url.replace(/^\$\{(portal|navigation_root)_url\}/, '') || '/';
}

/** A local return path ("/news?x=1"), never another origin: guards login redirects. */
export function localPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return fallback;
  return value;
}
