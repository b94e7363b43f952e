// @controlpanels: the list of control panels, one panel (its schema and
// data) and PATCHing a panel's data. Panels are data (core/src/settings/
// panels/); their values are registry records. Site root only. Listing needs
// 'Plone Site Setup: Overview' (as in plone.restapi); each panel also needs
// its own configlet permission to be listed, read or changed, as in Plone.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/controlpanels.html
import {
  absolutizeSchema,
  CONTROL_PANELS,
  type ControlPanelDef,
  controlPanel,
  type FieldError,
  hasPermission,
  type JsonObject,
  recordNameOf,
  recordValue,
  registryRecord,
  type SettingsChange,
  serializeValue,
  TesseraError,
  type WriteTx,
} from '@tessera/core';
import { settingsVocabularies } from '../../settings/index.js';
import { applySettings, currentSettings, objectBody, requireSiteRoot } from '../../settings/store.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { contentRulesPanel } from './content-rules/index.js';
import { dispatchCustomPanel, withCustomPanels } from './custom-panels.js';

const panelUrl = (ctx: ServiceContext, panel: ControlPanelDef) =>
  `${ctx.urls.siteUrl}/@controlpanels/${panel.id}`;

/** The panel named in the path, if the principal may use it. */
function panelOr404(ctx: ServiceContext): ControlPanelDef {
  const id = ctx.args[0];
  if (!id) throw new TesseraError('BadRequest', 'Missing parameter controlpanelname');
  const panel = ctx.args.length === 1 ? controlPanel(id) : undefined;
  if (!panel) throw new TesseraError('NotFound', `No such control panel: ${ctx.args.join('/')}`);
  if (!hasPermission(ctx.principal, panel.permission)) {
    // Refused like the publisher refuses a view: Plone's flat form.
    throw new TesseraError(
      ctx.principal.id === null ? 'Unauthorized' : 'Forbidden',
      'You are not authorized to access this resource.',
      { extra: { context: panelUrl(ctx, panel) } },
    );
  }
  return panel;
}

function summary(ctx: ServiceContext, panel: ControlPanelDef) {
  // What Volto's overview filters on: the titles of the panel, its group and its fields.
  const searchable = [panel.title, panel.group, ...Object.values(panel.fields).map((f) => f.title)];
  return {
    '@id': panelUrl(ctx, panel),
    group: panel.group,
    searchable_text: searchable.filter((t) => t),
    title: panel.title,
  };
}

function schemaOf(ctx: ServiceContext, panel: ControlPanelDef) {
  const named = panel.fieldsets ?? [];
  const inNamed = new Set(named.flatMap((fs) => fs.fields));
  const fieldsets: JsonObject[] = [];
  const main = Object.keys(panel.fields).filter((f) => !inNamed.has(f));
  if (main.length) fieldsets.push({ behavior: 'plone', fields: main, id: 'default', title: 'Default' });
  for (const fs of named) {
    fieldsets.push({
      behavior: 'plone',
      description: fs.description ?? '',
      fields: [...fs.fields],
      id: fs.id,
      title: fs.title,
    });
  }
  const properties: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(panel.fields))
    properties[name] = absolutizeSchema(schema, ctx.urls.siteUrl);
  return { fieldsets, properties, required: [...panel.required], type: 'object' };
}

async function dataOf(ctx: ServiceContext, panel: ControlPanelDef) {
  const settings = await currentSettings(ctx);
  const vocab = settingsVocabularies(ctx.site).serialize;
  const data: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(panel.fields)) {
    const record = registryRecord(recordNameOf(panel, name))!;
    data[name] = serializeValue(schema, recordValue(settings, record), {
      ...vocab,
      contentUrl: ctx.urls.siteUrl,
      fieldName: name,
    });
  }
  return data;
}

export function registerControlpanels(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@controlpanels',
    permission: 'Plone Site Setup: Overview',
    takesArgs: true,
    async handler(ctx) {
      requireSiteRoot(ctx, '@controlpanels');
      if (ctx.args.length === 0) {
        const visible = CONTROL_PANELS.filter((p) => hasPermission(ctx.principal, p.permission));
        return {
          body: await withCustomPanels(
            ctx,
            visible.map((p) => summary(ctx, p)),
          ),
        };
      }
      if (ctx.args[0] === contentRulesPanel.id) return contentRulesPanel.GET(ctx);
      const customReply = await dispatchCustomPanel(ctx, 'get');
      if (customReply) return customReply;
      const panel = panelOr404(ctx);
      return {
        body: {
          '@id': panelUrl(ctx, panel),
          data: await dataOf(ctx, panel),
          group: panel.group,
          schema: schemaOf(ctx, panel),
          title: panel.title,
        },
      };
    },
  });

  services.add<WriteTx>({
    method: 'PATCH',
    name: '@controlpanels',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Plone Site Setup: Overview',
    takesArgs: true,
    async handler(ctx) {
      requireSiteRoot(ctx, '@controlpanels');
      if (ctx.args[0] === contentRulesPanel.id) return contentRulesPanel.PATCH(ctx);
      const customReply = await dispatchCustomPanel(ctx, 'patch');
      if (customReply) return customReply;
      const panel = panelOr404(ctx);
      const body = objectBody(ctx);
      const unknown: FieldError[] = [];
      const changes: SettingsChange[] = [];
      for (const [key, value] of Object.entries(body)) {
        const record = Object.hasOwn(panel.fields, key)
          ? registryRecord(recordNameOf(panel, key))
          : undefined;
        if (record) changes.push({ key, record, value });
        else unknown.push({ field: key, message: `Unknown field for the ${panel.id} control panel.` });
      }
      await applySettings(ctx, changes, unknown);
      return { status: 204 };
    },
  });

  // Panels with sub-resources (content rules) also take POST and DELETE.
  for (const method of ['POST', 'DELETE'] as const) {
    services.add<WriteTx>({
      method,
      name: '@controlpanels',
      locks: false,
      permission: 'Plone Site Setup: Overview',
      takesArgs: true,
      async handler(ctx) {
        requireSiteRoot(ctx, '@controlpanels');
        if (ctx.args[0] === contentRulesPanel.id) return contentRulesPanel[method](ctx);
        const customReply = await dispatchCustomPanel(ctx, method === 'POST' ? 'post' : 'delete');
        if (customReply) return customReply;
        panelOr404(ctx);
        throw new TesseraError('MethodNotAllowed', `${method} is not supported on this control panel.`);
      },
    });
  }
}
