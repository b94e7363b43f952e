// @registry: read one record, list records (batched, `q` filters by name
// prefix), PATCH records. Site root only; Manage portal for all of it, as in
// plone.restapi.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/registry.html
import {
  absolutizeSchema,
  type FieldError,
  recordValue,
  registryRecord,
  registryRecords,
  type SettingsChange,
  TesseraError,
  type WriteTx,
} from '@tessera/core';
import { batchingLinks, readBatch } from '../../serializers/batching.js';
import { applySettings, currentSettings, objectBody, requireSiteRoot } from '../../settings/store.js';
import { rawQueryOf } from '../content/serialize.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';

const lastOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

async function listing(ctx: ServiceContext) {
  const q = lastOf(ctx.query.q) ?? '';
  const records = [...registryRecords().values()].filter((r) => r.name.startsWith(q));
  const { config } = ctx.site;
  const batch = readBatch(ctx.query, { size: config.defaultBatchSize, max: config.maxBatchSize });
  const settings = await currentSettings(ctx);
  const self = `${ctx.urls.siteUrl}/@registry`;
  const rawQuery = rawQueryOf(ctx);
  // The listing's own URL keeps the filter but not the page.
  const params = new URLSearchParams(rawQuery);
  params.delete('b_start');
  params.delete('b_size');
  const rest = params.toString();
  const body: Record<string, unknown> = { '@id': rest ? `${self}?${rest}` : self };
  const links = batchingLinks(self, rawQuery, batch, records.length);
  if (links) body.batching = links;
  body.items = records.slice(batch.start, batch.start + batch.size).map((r) => ({
    name: r.name,
    schema: { properties: absolutizeSchema(r.schema, ctx.urls.siteUrl) },
    value: recordValue(settings, r),
  }));
  body.items_total = records.length;
  return { body };
}

export function registerRegistry(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@registry',
    permission: 'Manage portal',
    takesArgs: true,
    async handler(ctx) {
      requireSiteRoot(ctx, '@registry');
      if (ctx.args.length === 0) return listing(ctx);
      const name = ctx.args.join('/');
      const record = ctx.args.length === 1 ? registryRecord(name) : undefined;
      if (!record) throw new TesseraError('NotFound', `Unknown registry record: ${name}`);
      return { body: recordValue(await currentSettings(ctx), record) };
    },
  });

  services.add<WriteTx>({
    method: 'PATCH',
    name: '@registry',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Manage portal',
    async handler(ctx) {
      requireSiteRoot(ctx, '@registry');
      const body = objectBody(ctx);
      const unknown: FieldError[] = [];
      const changes: SettingsChange[] = [];
      for (const [key, value] of Object.entries(body)) {
        const record = registryRecord(key);
        if (record) changes.push({ key, record, value });
        else
          unknown.push({
            field: key,
            message: 'No such registry record; only existing records can be updated.',
          });
      }
      await applySettings(ctx, changes, unknown);
      return { status: 204 };
    },
  });
}
