// Content operations: the domain side of POST/PATCH/PUT/DELETE on content.
// Each runs inside the caller's write transaction; it validates everything
// first (collecting all field errors), then writes. Nothing HTTP here.
import { randomUUID } from 'node:crypto';
import { securityFor, windowOf } from '../access/materialize.js';
import { ploneDate } from '../dates.js';
import { badRequest, TesseraError } from '../errors.js';
import { type ResolveScope, relationResolver } from '../links/resolve.js';
import type { ContentRecord, MoveResult, WriteTx } from '../ports/storage.js';
import type { Principal } from '../security.js';
import type { WorkflowChain } from '../workflow/chain.js';
import { externalizeBlobs } from './blobs.js';
import { chooseFreeIdAsync, invalidIdReason, normalizeId } from './ids.js';
import { renameContent } from './rename.js';
import type { TypeInfo, TypeRegistry } from './type-registry.js';

/**
 * A new object's UID: 32 hex digits like Plone's, laid out as a UUIDv7
 * (RFC 9562): the creation time in milliseconds first, then random bits.
 * Time-ordered keys land next to each other in the uid indexes (objects,
 * revisions), so a batch of creates dirties a page or two of each index
 * instead of one random page per object — at 10,000 objects this cut the
 * pages a group commit writes several times over, and it keeps inserts from
 * touching cold pages at millions of objects.
 */
export function newUid(now = Date.now()): string {
  // randomUUID() is a v4 UUID from a cached random pool: keep its random
  // bits and its variant nibble, replace its first 48 bits with the time
  // and its version nibble with 7.
  const r = randomUUID();
  const random = r.slice(14, 18) + r.slice(19, 23) + r.slice(24);
  return `${now.toString(16).padStart(12, '0').slice(-12)}7${random.slice(1)}`;
}

/** Keys of a serialized object a client may send back; they are ignored on write. */
const READ_ONLY_KEYS = new Set([
  '@id',
  '@components',
  'UID',
  'created',
  'modified',
  'review_state',
  'is_folderish',
  'items',
  'items_total',
  'batching',
  'parent',
  'lock',
  'version',
  'versions',
  'working_copy',
  'working_copy_of',
  'next_item',
  'previous_item',
  'type_title',
  'targetUrl',
  // Security settings change through @sharing and @workflow only.
  'local_roles',
  'block_local_roles',
  'review_history',
]);

export interface CreateInput {
  tx: WriteTx;
  types: TypeRegistry;
  parent: ContentRecord;
  body: unknown;
  principal: Principal;
  workflows: WorkflowChain;
  now?: Date;
  /** The largest file a type's fields take (bytes); none by default. */
  uploadLimit?: (type: string) => number;
  /** Where relation references that are URLs or paths point (links/resolve.ts). */
  relationScope?: ResolveScope;
}

function asObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

export function checkAddable(types: TypeRegistry, parent: ContentRecord, typeName: string): TypeInfo {
  const info = types.get(typeName);
  if (!info || info.def.addable === false) throw badRequest(`Unknown content type "${typeName}".`);
  const parentInfo = types.get(parent.type);
  if (!parentInfo?.def.folderish)
    throw badRequest(`Cannot add content inside a ${parent.type}: it is not a folder.`);
  const allowed = parentInfo.def.allowedContentTypes;
  const ok = allowed === null ? info.def.globalAllow : allowed.includes(typeName);
  if (!ok) throw new TesseraError('Forbidden', `Disallowed subobject type: ${typeName}`);
  return info;
}

export async function createContent(input: CreateInput): Promise<ContentRecord> {
  const { tx, types, parent, principal } = input;
  const body = asObject(input.body);
  const typeName = body['@type'];
  if (typeof typeName !== 'string' || !typeName) throw badRequest('Property "@type" is required.');
  const info = checkAddable(types, parent, typeName);

  const fields = stripKeys(body, ['@type', 'id', 'UID']);
  const resolveRelation = await relationResolver(tx, info, fields, input.relationScope);
  const { values, errors } = info.deserialize(fields, { mode: 'create', resolveRelation });
  let id: string;
  if (body.id !== undefined && body.id !== null && body.id !== '') {
    const reason = invalidIdReason(body.id);
    if (reason) errors.push({ field: 'id', message: reason });
    id = String(body.id);
  } else {
    const base = normalizeId(String(values.title ?? '')) || normalizeId(typeName) || 'item';
    // Ids are unique per parent; probe candidates with indexed lookups rather
    // than loading a (possibly huge) folder's children.
    id = await chooseFreeIdAsync(base, (ids) => tx.childIdsAmong(parent.uid, ids));
  }
  if (errors.length) throw validationError(errors);
  if (body.id && (await tx.childIdExists(parent.uid, id)))
    throw badRequest(`The id "${id}" is invalid - it is already in use.`, [
      { field: 'id', message: 'in use' },
    ]);

  const now = ploneDate(input.now ?? new Date());
  await externalizeBlobs(tx, info, values, input.uploadLimit?.(typeName));
  const data: Record<string, unknown> = { ...info.initialData(), ...values };
  data.creators =
    Array.isArray(values.creators) && values.creators.length ? values.creators : [principal.id ?? ''];
  // The creator owns what it makes (Plone's Owner local role).
  if (principal.id) data.local_roles = { [principal.id]: ['Owner'] };
  const wf = input.workflows.forType(typeName);
  if (wf) {
    data.review_state = wf.initial;
    data.review_history = [
      { action: null, actor: principal.id ?? '', comments: '', review_state: wf.initial, time: now },
    ];
  }
  return tx.insert({
    uid: newUid(),
    parentUid: parent.uid,
    id,
    type: typeName,
    created: now,
    modified: now,
    data,
    ...securityFor(parent.security, typeName, data, input.workflows),
    ...windowOf(data),
  });
}

export interface UpdateInput {
  tx: WriteTx;
  types: TypeRegistry;
  content: ContentRecord;
  body: unknown;
  /** 'patch' changes what is sent; 'put' replaces every field (unsent ones reset). */
  mode: 'patch' | 'put';
  now?: Date;
  /** The largest file a type's fields take (bytes); none by default. */
  uploadLimit?: (type: string) => number;
  /** Where relation references that are URLs or paths point (links/resolve.ts). */
  relationScope?: ResolveScope;
  /** Told what moved when the body renames the object (caches drop every moved uid). */
  onMoved?: (moved: MoveResult) => void;
}

export async function updateContent(input: UpdateInput): Promise<ContentRecord> {
  const { tx, types, content } = input;
  const body = asObject(input.body);
  const info = types.get(content.type);
  if (!info) throw new TesseraError('InternalServerError', `Type ${content.type} is not registered.`);
  if (body['@type'] !== undefined && body['@type'] !== content.type)
    throw badRequest('The "@type" of existing content cannot be changed.');
  let current = content;
  // Renaming is a move within the folder (rename.ts): position and UID stay, the old URL redirects.
  if (body.id !== undefined && body.id !== content.id)
    current = await renameContent(tx, content, body.id, input.now, input.onMoved);

  const fields = stripKeys(body, ['@type', 'id', 'ordering', 'layout']);
  const { values, errors } = info.deserialize(fields, {
    mode: input.mode === 'put' ? 'create' : 'update',
    current: current.data,
    resolveRelation: await relationResolver(tx, info, fields, input.relationScope),
  });
  if (body.layout !== undefined) {
    if (typeof body.layout !== 'string' || !/^[\w.@-]{1,100}$/.test(body.layout))
      errors.push({ field: 'layout', message: 'Invalid layout name.' });
    else values.layout = body.layout;
  }
  if (errors.length) throw validationError(errors);
  await externalizeBlobs(tx, info, values, input.uploadLimit?.(content.type));
  const base = input.mode === 'put' ? { ...info.initialData(), ...keepSystem(current.data) } : current.data;
  const data = { ...base, ...values };
  return tx.update(current.uid, {
    data,
    modified: ploneDate(input.now ?? new Date()),
    window: windowOf(data),
  });
}

/** PATCH {"ordering": {obj_id, delta, subset_ids}}: move a child within its folder. */
export async function reorderChildren(tx: WriteTx, folder: ContentRecord, ordering: unknown): Promise<void> {
  const o = asObject(ordering);
  const objId = o.obj_id;
  if (typeof objId !== 'string') throw badRequest('ordering.obj_id must be a string.');
  const ids = (await tx.children(folder.uid)).map((c) => c.id);
  const from = ids.indexOf(objId);
  if (from === -1) throw badRequest(`Object "${objId}" is not in this folder.`);
  if (o.subset_ids !== undefined) {
    const subset = o.subset_ids;
    if (!Array.isArray(subset) || subset.some((s) => typeof s !== 'string'))
      throw badRequest('ordering.subset_ids must be a list of ids.');
    const inOrder = ids.filter((id) => subset.includes(id));
    if (inOrder.length !== subset.length || inOrder.some((id, i) => id !== subset[i]))
      throw badRequest('Client/server ordering mismatch: subset_ids does not match the folder.');
  }
  const delta = o.delta;
  ids.splice(from, 1);
  let to: number;
  if (delta === 'top') to = 0;
  else if (delta === 'bottom') to = ids.length;
  else if (typeof delta === 'number' && Number.isInteger(delta))
    to = Math.min(Math.max(from + delta, 0), ids.length);
  else throw badRequest('ordering.delta must be "top", "bottom" or an integer.');
  ids.splice(to, 0, objId);
  await tx.setOrder(folder.uid, ids);
}

/**
 * "@…" keys other than "@type" are a client's own annotations, never field
 * names (those are identifiers): Volto's add form sends "@static_behaviors",
 * for one. plone.restapi ignores them, and so do we.
 */
function isClientMetadata(key: string): boolean {
  return key.startsWith('@') && key !== '@type';
}

function stripKeys(body: Record<string, unknown>, extra: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (READ_ONLY_KEYS.has(k) || extra.includes(k) || isClientMetadata(k)) continue;
    out[k] = v;
  }
  return out;
}

/** System attributes a PUT keeps (they are not fields a client sends). */
function keepSystem(data: Record<string, unknown>): Record<string, unknown> {
  const { creators, review_state, review_history, local_roles, block_local_roles } = data;
  const { working_copy, working_copy_of } = data;
  return {
    creators,
    review_state,
    review_history,
    local_roles,
    block_local_roles,
    working_copy,
    working_copy_of,
  };
}

function validationError(errors: Array<{ field: string; message: string }>) {
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return badRequest(`Invalid input: ${summary}`, errors);
}
