// @controlpanels/dexterity-types: list the content types (with how many
// objects each has), add a type through the web, read and change one type's
// settings and behaviors, delete a type nothing uses. Its fields are edited
// through @types/<type> (services/types/). Manage portal, as in Plone.
import {
  applyTypeSettings,
  invalidTypeIdReason,
  newTypeDef,
  TesseraError,
  type TypeDef,
  typeIdFromTitle,
  type WriteTx,
} from '@tessera/core';
import { requireSiteRoot } from '../../../settings/store.js';
import type { ServiceContext } from '../../registry.js';
import type { CustomPanel } from '../custom-panels.js';
import {
  listEntry,
  PANEL_GROUP,
  PANEL_ID,
  PANEL_TITLE,
  panelUrl,
  typeSettings,
  typeUrl,
} from './serialize.js';

const MAX_TITLE = 1000;
const MAX_DESCRIPTION = 10_000;

function typeOr404(ctx: ServiceContext, args: string[]): TypeDef {
  const name = args[0];
  const def = args.length === 1 ? ctx.site.types.get(name)?.def : undefined;
  if (!def) throw new TesseraError('NotFound', `No such content type: ${args.join('/')}`);
  return def;
}

async function save(ctx: ServiceContext<WriteTx>, def: TypeDef) {
  await ctx.tx.putType(def.id, def);
  ctx.changedRegistry.types = true;
}

function checkLengths(def: TypeDef) {
  if (def.title.length > MAX_TITLE)
    throw new TesseraError('BadRequest', `The title must be at most ${MAX_TITLE} characters.`);
  if (def.description.length > MAX_DESCRIPTION)
    throw new TesseraError('BadRequest', `The description must be at most ${MAX_DESCRIPTION} characters.`);
}

function bodyOf(ctx: ServiceContext): Record<string, unknown> {
  const b = ctx.body ?? {};
  if (typeof b !== 'object' || Array.isArray(b))
    throw new TesseraError('BadRequest', 'The request body must be a JSON object.');
  return b as Record<string, unknown>;
}

export const dexterityTypesPanel: CustomPanel = {
  id: PANEL_ID,
  permission: 'Manage portal',

  summary(ctx) {
    const titles = ctx.site.types
      .all()
      .map((t) => t.def.title)
      .filter((t) => t);
    return {
      '@id': panelUrl(ctx),
      group: PANEL_GROUP,
      searchable_text: [PANEL_TITLE, PANEL_GROUP, ...titles],
      title: PANEL_TITLE,
    };
  },

  async get(ctx, args) {
    requireSiteRoot(ctx, '@controlpanels');
    if (args.length > 0) return { body: typeSettings(ctx, typeOr404(ctx, args), ctx.site.types.behaviors) };
    const { live } = await ctx.tx.siteAdmin().contentCounts();
    const items = ctx.site.types.all().map((t) => listEntry(ctx, t.def, live[t.def.id] ?? 0));
    return { body: { '@id': panelUrl(ctx), group: PANEL_GROUP, items, title: PANEL_TITLE } };
  },

  async post(ctx, args) {
    requireSiteRoot(ctx, '@controlpanels');
    if (args.length > 0)
      throw new TesseraError('BadRequest', 'Add a type by POSTing to @controlpanels/dexterity-types.');
    const body = bodyOf(ctx);
    const title = typeof body.title === 'string' ? body.title.trim() : '';
    if (!title) throw new TesseraError('BadRequest', "Property 'title' is required");
    if (body.id !== undefined && typeof body.id !== 'string')
      throw new TesseraError('BadRequest', 'The id must be a string.');
    if (body.description !== undefined && body.description !== null && typeof body.description !== 'string')
      throw new TesseraError('BadRequest', 'The description must be a string.');
    const id = (body.id as string | undefined) || typeIdFromTitle(title);
    const reason = invalidTypeIdReason(id);
    if (reason) throw new TesseraError('BadRequest', reason);
    if (ctx.site.types.get(id) || (await ctx.tx.listTypes()).some((t) => t.name === id))
      throw new TesseraError('BadRequest', `There is already a content type with the id '${id}'.`);
    const def = newTypeDef({ id, title, description: (body.description as string | undefined) ?? '' });
    checkLengths(def);
    await save(ctx, def);
    const behaviors = ctx.site.types.behaviors;
    return { status: 201, headers: { location: typeUrl(ctx, id) }, body: typeSettings(ctx, def, behaviors) };
  },

  async patch(ctx, args) {
    requireSiteRoot(ctx, '@controlpanels');
    const def = typeOr404(ctx, args);
    const known = new Set(ctx.site.types.all().map((t) => t.def.id));
    const next = applyTypeSettings(def, ctx.site.types.behaviors, ctx.body ?? {}, known);
    checkLengths(next);
    await save(ctx, next);
    return { status: 204 };
  },

  async delete(ctx, args) {
    requireSiteRoot(ctx, '@controlpanels');
    const def = typeOr404(ctx, args);
    // Objects of a type that no longer exists could not be shown, edited or
    // restored: unlike Plone (which leaves them broken), refuse.
    const { live, trashed } = await ctx.tx.siteAdmin().contentCounts();
    const inTree = live[def.id] ?? 0;
    const inTrash = trashed[def.id] ?? 0;
    if (inTree + inTrash > 0) {
      const where = [inTree ? `${inTree} in the site` : '', inTrash ? `${inTrash} in the trash` : ''].filter(
        Boolean,
      );
      throw new TesseraError(
        'BadRequest',
        `The content type '${def.id}' is still used by ${inTree + inTrash} item(s) (${where.join(', ')}); delete or purge them first.`,
      );
    }
    await ctx.tx.deleteType(def.id);
    // Other types stop offering it inside them.
    for (const other of ctx.site.types.all()) {
      const allowed = other.def.allowedContentTypes;
      if (other.def.id === def.id || !allowed?.includes(def.id)) continue;
      await ctx.tx.putType(other.def.id, {
        ...other.def,
        allowedContentTypes: allowed.filter((t) => t !== def.id),
      });
    }
    ctx.changedRegistry.types = true;
    return { status: 204 };
  },
};
