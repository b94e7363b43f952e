// The commit the repository's HEAD points at, read from .git without running
// git (the working tree may hold uncommitted changes on top of it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GIT = fileURLToPath(new URL('../../.git', import.meta.url));

export function headCommit(): string | null {
  try {
    const head = readFileSync(join(GIT, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 12);
    const ref = head.slice(5);
    const loose = join(GIT, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim().slice(0, 12);
    const packed = readFileSync(join(GIT, 'packed-refs'), 'utf8');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    return line ? line.slice(0, 12) : null;
  } catch {
    return null;
  }
}
