// @aliases: the old URLs that redirect to an item (GET/POST/DELETE on it),
// and on the site root all of them — filtered, batched, as CSV, imported in
// bulk as JSON or a CSV file.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/aliases.html
import { badRequest, type ContentRecord, can, TesseraError, type WriteTx } from '@tessera/core';
import { FormBody } from '../../form-body.js';
import { batchingLinks, readBatch } from '../../serializers/batching.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { parseCsv } from '../users/csv.js';
import { aliasCsvRow, aliasItem, aliasPath, CSV_HEADER, parseAliasDate } from './format.js';

const isRoot = (ctx: ServiceContext) => ctx.content.parentUid === null;

/** Site-wide aliases are the site's settings: Manage portal, as Plone's redirection control panel. */
function requireSiteWide(ctx: ServiceContext) {
  if (!isRoot(ctx) || can(ctx.principal, 'Manage portal', ctx.content)) return;
  throw new TesseraError(
    ctx.principal.id === null ? 'Unauthorized' : 'Forbidden',
    'You may not manage aliases.',
  );
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

function boolParam(v: string | undefined, name: string): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  if (/^(true|1|yes|on)$/i.test(v)) return true;
  if (/^(false|0|no|off)$/i.test(v)) return false;
  throw badRequest(`${name} must be a boolean.`);
}

async function list(ctx: ServiceContext) {
  const root = isRoot(ctx);
  if (root) requireSiteWide(ctx);
  const q = ctx.query;
  const filter = {
    targetUid: root ? undefined : ctx.content.uid,
    text: one(q.query)?.trim() || one(q.q)?.trim() || undefined,
    manual: boolParam(one(q.manual), 'manual'),
    start: one(q.start) ? parseAliasDate(one(q.start), new Date()) : undefined,
    end: one(q.end) ? parseAliasDate(one(q.end), new Date()) : undefined,
  };
  const accept = String(ctx.req.headers.accept ?? '');
  if (root && accept.includes('text/csv')) {
    const { items } = await ctx.tx.listRedirects(filter);
    const lines = [CSV_HEADER.join(','), ...items.map(aliasCsvRow)];
    return {
      body: Buffer.from(`${lines.join('\n')}\n`, 'utf8'),
      stream: true,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename=redirects.csv',
      },
    };
  }
  const batch = readBatch(q, { size: 25, max: 1000 });
  const { items, total } = await ctx.tx.listRedirects({ ...filter, offset: batch.start, limit: batch.size });
  const selfUrl = `${ctx.urls.url(ctx.content.path)}/@aliases`;
  const rawQuery = ctx.req.url.includes('?') ? ctx.req.url.slice(ctx.req.url.indexOf('?') + 1) : '';
  const body: Record<string, unknown> = { '@id': selfUrl, items: items.map(aliasItem), items_total: total };
  const batching = batchingLinks(selfUrl, rawQuery, batch, total);
  if (batching) body.batching = batching;
  return { body };
}

interface AliasInput {
  path: string;
  target: ContentRecord;
  created: string;
  manual: boolean;
}

/** The items of a JSON body ({"items": [...]}) or of an uploaded CSV file. */
function itemsOf(ctx: ServiceContext): Array<Record<string, unknown>> {
  if (ctx.body instanceof FormBody) {
    const file = ctx.body.parts.find((p) => p.filename !== undefined) ?? ctx.body.get('file');
    if (!file) throw badRequest('Send the aliases as a CSV file in the "file" field.');
    let rows: string[][];
    try {
      rows = parseCsv(file.data.toString('utf8'));
    } catch {
      throw badRequest('The CSV file is malformed.');
    }
    if (rows[0]?.[0]?.trim().toLowerCase() === 'old path') rows.shift();
    return rows.map(([path, target, datetime, manual]) => ({
      path,
      'redirect-to': target,
      datetime: datetime?.trim() || undefined,
      manual: manual === undefined || manual.trim() === '' ? true : /^(true|1|yes)$/i.test(manual.trim()),
    }));
  }
  const items = (ctx.body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items) || items.some((i) => !i || typeof i !== 'object'))
    throw badRequest('Send {"items": [{"path": ...}, ...]}.');
  return items as Array<Record<string, unknown>>;
}

async function add(ctx: ServiceContext<WriteTx>) {
  const root = isRoot(ctx);
  if (root) requireSiteWide(ctx);
  const now = new Date();
  const inputs: AliasInput[] = [];
  for (const item of itemsOf(ctx)) {
    const path = aliasPath(item.path);
    let target = ctx.content;
    // On the root each item names its target; on an item, the item is the target.
    if (root) {
      const to = aliasPath(item['redirect-to'], 'redirect-to');
      const found = await ctx.tx.byPath(to);
      if (!found) throw badRequest(`The target "${to}" of alias "${path}" does not exist.`);
      target = found;
    }
    if (path === target.path) throw badRequest(`Alias "${path}" would redirect to itself.`);
    if (await ctx.tx.byPath(path))
      throw badRequest(`"${path}" is the path of existing content, not an alias.`);
    const manual = typeof item.manual === 'boolean' ? item.manual : true;
    inputs.push({ path, target, created: parseAliasDate(item.datetime, now), manual });
  }
  for (const a of inputs) {
    await ctx.tx.putRedirect({ path: a.path, targetUid: a.target.uid, created: a.created, manual: a.manual });
    ctx.touched.add(a.target.uid);
  }
  return { status: 204 };
}

async function remove(ctx: ServiceContext<WriteTx>) {
  const root = isRoot(ctx);
  if (root) requireSiteWide(ctx);
  const paths = itemsOf(ctx).map((i) => aliasPath(i.path));
  for (const path of paths) await ctx.tx.deleteRedirect(path, root ? undefined : ctx.content.uid);
  ctx.touched.add(ctx.content.uid);
  return { status: 204 };
}

export function registerAliases(services: ServiceRegistry) {
  services.add({ method: 'GET', name: '@aliases', permission: 'Modify portal content', handler: list });
  services.add<WriteTx>({
    method: 'POST',
    name: '@aliases',
    permission: 'Modify portal content',
    acceptsForm: true,
    handler: add,
  });
  services.add<WriteTx>({
    method: 'DELETE',
    name: '@aliases',
    permission: 'Modify portal content',
    handler: remove,
  });
}
