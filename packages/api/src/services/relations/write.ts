// POST and DELETE @relations: add or remove relations, all or nothing in the
// request's one transaction. A relation named after a Relation Choice /
// Relation List field of the source changes that field (a new revision of
// the source); any other name is a standalone relation kept in the links
// table alone. isReferencing (links in text) and working-copy relations
// follow the content and cannot be edited here.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/relations.html
import {
  badRequest,
  type ContentRecord,
  can,
  READONLY_RELATIONS,
  relationFieldNames,
  STANDALONE_ATTRIBUTE,
  TesseraError,
  type WriteTx,
} from '@tessera/core';
import { refusal } from '../../access.js';
import type { ServiceContext } from '../registry.js';
import { resolveRef } from './refs.js';

/** Most relations one request adds or removes by list. */
export const MAX_ITEMS = 1000;

type Item = Record<string, unknown>;
type Verb = 'creating' | 'deleting';

export function refuseAnonymous(ctx: ServiceContext) {
  if (ctx.principal.id === null) throw refusal(ctx.principal, ctx.urls.siteUrl);
}

function itemsOf(body: unknown): Item[] | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  const items = (body as Item).items;
  if (items === undefined) return undefined;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ITEMS)
    throw badRequest(`"items" must be a list of 1 to ${MAX_ITEMS} relations.`);
  for (const item of items)
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw badRequest('Each item must be an object with "source", "target" and "relation".');
  return items as Item[];
}

interface Checked {
  item: Item;
  source: ContentRecord;
  target: ContentRecord;
  relation: string | undefined;
}

/** Resolves and checks every item; the failures, in plone.restapi's `failed` shape, or the checked items. */
async function check(ctx: ServiceContext<WriteTx>, items: Item[], verb: Verb) {
  const failed: Array<[Item, string]> = [];
  const ok: Checked[] = [];
  const fail = (item: Item, why: string) => failed.push([item, `Failed on ${verb} a relation. ${why}`]);
  for (const item of items) {
    const relation = item.relation;
    if (relation !== undefined && (typeof relation !== 'string' || !relation || relation.length > 100)) {
      fail(item, 'The relation name must be a string of at most 100 characters.');
      continue;
    }
    if (relation === undefined && verb === 'creating') {
      fail(item, 'Relation name missing.');
      continue;
    }
    const [source, target] = [await resolveRef(ctx, item.source), await resolveRef(ctx, item.target)];
    if (!target) fail(item, 'Target not found.');
    else if (!source) fail(item, 'Source not found.');
    else if (!can(ctx.principal, 'Modify portal content', source) || !can(ctx.principal, 'View', target))
      fail(item, 'Not authorized.');
    else if (relation !== undefined && READONLY_RELATIONS.has(relation))
      fail(item, `The relation ${relation} follows the content and cannot be changed here.`);
    else ok.push({ item, source, target, relation });
  }
  if (failed.length)
    throw new TesseraError('UnprocessableEntity', `Failed on ${verb} relations`, { extra: { failed } });
  return ok;
}

/** Field edits of one request, applied once per source at the end. */
class FieldEdits {
  private readonly edits = new Map<string, { rec: ContentRecord; data: Record<string, unknown> }>();
  constructor(private readonly ctx: ServiceContext<WriteTx>) {}

  /** The relation fields of the source's type. */
  fieldsOf(rec: ContentRecord): readonly string[] {
    return relationFieldNames(this.ctx.site.types.get(rec.type));
  }

  private dataOf(rec: ContentRecord) {
    let e = this.edits.get(rec.uid);
    if (!e) {
      e = { rec, data: { ...rec.data } };
      this.edits.set(rec.uid, e);
    }
    return e.data;
  }

  private isList(rec: ContentRecord, field: string) {
    return this.ctx.site.types.get(rec.type)?.fields.get(field)?.schema.factory === 'Relation List';
  }

  add(rec: ContentRecord, field: string, target: string) {
    const data = this.dataOf(rec);
    if (!this.isList(rec, field)) data[field] = target;
    else {
      const list = Array.isArray(data[field]) ? (data[field] as unknown[]) : [];
      if (!list.includes(target)) data[field] = [...list, target];
    }
  }

  remove(rec: ContentRecord, field: string, target: string) {
    const data = this.dataOf(rec);
    const v = data[field];
    if (Array.isArray(v)) data[field] = v.filter((u) => u !== target);
    else if (v === target) data[field] = null;
  }

  async apply() {
    for (const { rec, data } of this.edits.values()) {
      await this.ctx.tx.update(rec.uid, { data });
      this.ctx.touched.add(rec.uid);
    }
  }
}

export async function postRelations(ctx: ServiceContext<WriteTx>) {
  refuseAnonymous(ctx);
  const items = itemsOf(ctx.body);
  if (!items) throw badRequest('"items" is required: a list of {"source", "target", "relation"}.');
  const edits = new FieldEdits(ctx);
  for (const c of await check(ctx, items, 'creating')) {
    const relation = c.relation as string;
    if (edits.fieldsOf(c.source).includes(relation)) edits.add(c.source, relation, c.target.uid);
    else
      await ctx.tx.addLink({
        source: c.source.uid,
        target: c.target.uid,
        relation,
        attribute: STANDALONE_ATTRIBUTE,
      });
  }
  await edits.apply();
  return { status: 204 };
}

export async function deleteRelations(ctx: ServiceContext<WriteTx>) {
  refuseAnonymous(ctx);
  const items = itemsOf(ctx.body);
  const edits = new FieldEdits(ctx);
  const removeRow = async (
    row: { source: string; target: string; relation: string; attribute: string },
    source: ContentRecord,
  ) => {
    if (READONLY_RELATIONS.has(row.relation)) return;
    if (row.attribute === STANDALONE_ATTRIBUTE) await ctx.tx.removeLinks(row);
    else if (edits.fieldsOf(source).includes(row.attribute)) edits.remove(source, row.attribute, row.target);
  };
  if (items) {
    for (const c of await check(ctx, items, 'deleting'))
      for (const row of await ctx.tx.links({
        source: c.source.uid,
        target: c.target.uid,
        relation: c.relation,
      }))
        await removeRow(row, c.source);
  } else {
    const body = ctx.body as Item;
    const unknown = Object.keys(body).filter((k) => !['source', 'target', 'relation'].includes(k));
    if (unknown.length) throw badRequest(`Unknown parameters: ${unknown.join(', ')}.`);
    if (body.source === undefined && body.target === undefined && body.relation === undefined)
      throw badRequest('Say which relations to delete: "items", or "source", "target" and/or "relation".');
    if (body.relation !== undefined && typeof body.relation !== 'string')
      throw badRequest('"relation" must be a string.');
    const source = body.source === undefined ? undefined : await resolveRef(ctx, body.source);
    if (body.source !== undefined && !source)
      throw new TesseraError('UnprocessableEntity', 'Failed on deleting relations. Source not found.');
    const target = body.target === undefined ? undefined : await resolveRef(ctx, body.target);
    if (body.target !== undefined && !target)
      throw new TesseraError('UnprocessableEntity', 'Failed on deleting relations. Target not found.');
    const rows = await ctx.tx.links({
      source: source?.uid,
      target: target?.uid,
      relation: body.relation as string | undefined,
    });
    for (const row of rows) {
      // Only relations the user could make: Modify on the source, View on the target.
      const src = row.source === source?.uid ? source : await ctx.tx.byUid(row.source);
      const tgt = row.target === target?.uid ? target : await ctx.tx.byUid(row.target);
      if (
        !src ||
        !tgt ||
        !can(ctx.principal, 'Modify portal content', src) ||
        !can(ctx.principal, 'View', tgt)
      )
        continue;
      await removeRow(row, src);
    }
  }
  await edits.apply();
  return { status: 204 };
}

export async function rebuildRelations(ctx: ServiceContext<WriteTx>) {
  refuseAnonymous(ctx);
  if (!can(ctx.principal, 'Manage portal', ctx.content)) throw refusal(ctx.principal, ctx.urls.siteUrl);
  const { objects, links } = await ctx.tx.rebuildLinks();
  ctx.log.info({ objects, links }, 'relations rebuilt');
  return { status: 204 };
}
