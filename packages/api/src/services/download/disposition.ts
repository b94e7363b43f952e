// Content-Disposition for a stored file (RFC 6266 with RFC 8187's
// filename*): an ASCII fallback and the exact UTF-8 name, neither able to
// carry a path, a quote or a control character.
import { safeFilename } from '@tessera/core';

function asciiFallback(name: string) {
  return name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
}

export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const name = safeFilename(filename) || 'download';
  return `${kind}; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
