// Relation field values arrive as UIDs, site paths, URLs of this site or
// objects carrying one of them (Volto sends summaries with `@id` and `UID`).
// Field deserialization is synchronous, so the references a body holds are
// looked up first, in the write's transaction, and deserializing asks the
// result (DeserializeContext.resolveRelation): an unknown target is a 400
// field error, as in plone.restapi, and only UIDs are stored.
import { relationFieldNames } from '../catalog/entry.js';
import type { TypeInfo } from '../content/type-registry.js';
import type { ReadTx } from '../ports/storage.js';

/** Most references one body may hold (the rest resolve to nothing: field errors). */
export const MAX_RELATION_REFS = 1000;

export interface ResolveScope {
  /** Absolute URL of the site root as the client sees it (URLs below it are site paths). */
  siteUrl?: string;
  /** The site's mount path ('' or '/Plone'), stripped from paths that start with it. */
  mount?: string;
}

function refsOf(value: unknown, out: Set<string>) {
  const one = (v: unknown) => {
    let ref = v;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      ref = o.UID ?? o['@id'];
    }
    if (typeof ref === 'string' && ref !== '' && ref.length <= 2048 && out.size < MAX_RELATION_REFS)
      out.add(ref);
  };
  if (Array.isArray(value)) for (const v of value) one(v);
  else one(value);
}

async function lookup(tx: ReadTx, ref: string, scope: ResolveScope): Promise<string | null> {
  let path: string | undefined;
  const site = scope.siteUrl?.replace(/\/+$/, '');
  if (site && (ref === site || ref.startsWith(`${site}/`))) path = ref.slice(site.length);
  else if (ref.startsWith('/')) path = ref;
  else if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return null;
  if (path === undefined) return /^[\w-]{1,64}$/.test(ref) ? ((await tx.byUid(ref))?.uid ?? null) : null;
  path = path.replace(/\/+$/, '');
  const found = await tx.byPath(path);
  if (found) return found.uid;
  const mount = scope.mount ?? '';
  if (mount && (path === mount || path.startsWith(`${mount}/`)))
    return (await tx.byPath(path.slice(mount.length)))?.uid ?? null;
  return null;
}

/** Looks up every reference in the body's relation fields; returns the resolver deserializing uses. */
export async function relationResolver(
  tx: ReadTx,
  info: TypeInfo,
  body: Record<string, unknown>,
  scope: ResolveScope = {},
): Promise<(ref: string) => string | null> {
  const refs = new Set<string>();
  for (const field of relationFieldNames(info)) if (body[field] !== undefined) refsOf(body[field], refs);
  const found = new Map<string, string | null>();
  for (const ref of refs) found.set(ref, await lookup(tx, ref, scope));
  return (ref) => found.get(ref) ?? null;
}
