// The dexterity-types control panel's JSON: the list of types with how many
// objects each has, and one type's settings form (its overview fields plus
// one Yes/No per behavior) with the type's values, in plone.restapi's shape.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/controlpanels.html
import { type BehaviorDef, containedTypesFilter, type JsonObject, type TypeDef } from '@tessera/core';
import type { ServiceContext } from '../../registry.js';

export const PANEL_ID = 'dexterity-types';
export const PANEL_TITLE = 'Content Types';
export const PANEL_GROUP = 'Content';

export const panelUrl = (ctx: ServiceContext) => `${ctx.urls.siteUrl}/@controlpanels/${PANEL_ID}`;
export const typeUrl = (ctx: ServiceContext, id: string) => `${panelUrl(ctx)}/${id}`;

export function listEntry(ctx: ServiceContext, def: TypeDef, count: number) {
  return {
    '@id': typeUrl(ctx, def.id),
    '@type': def.id,
    count,
    description: def.description,
    id: def.id,
    // Plone's kind of type definition; every Tessera type is data, like a Dexterity FTI.
    meta_type: 'Dexterity FTI',
    title: def.title,
  };
}

function overviewProperties(siteUrl: string, folderish: boolean): Record<string, JsonObject> {
  const props: Record<string, JsonObject> = {
    title: { description: '', factory: 'Text line (String)', title: 'Type Name', type: 'string' },
    description: {
      description: '',
      factory: 'Text',
      title: 'Description',
      type: 'string',
      widget: 'textarea',
    },
    allowed_content_types: {
      additionalItems: true,
      description: '',
      factory: 'Multiple Choice',
      items: {
        description: '',
        factory: 'Choice',
        title: '',
        type: 'string',
        vocabulary: { '@id': `${siteUrl}/@vocabularies/plone.app.vocabularies.ReallyUserFriendlyTypes` },
      },
      title: 'Allowed Content Types',
      type: 'array',
      uniqueItems: true,
    },
  };
  // Only containers choose what goes inside them.
  if (folderish) {
    const tokens = ['none', 'all', 'some'];
    props.filter_content_types = {
      choices: tokens.map((t) => [t, null]),
      default: 'none',
      description:
        'Which content types may be added inside items of this type: none, all, or the ones listed.',
      enum: tokens,
      enumNames: tokens.map(() => null),
      factory: 'Choice',
      title: 'Filter Contained Types',
      type: 'string',
      vocabulary: { '@id': `${siteUrl}/@sources/filter_content_types` },
    };
  }
  return props;
}

/** Behaviors in the order of Plone's form: by title. */
function sortedBehaviors(behaviors: Map<string, BehaviorDef>): BehaviorDef[] {
  const title = (b: BehaviorDef) => b.title ?? b.name;
  return [...behaviors.values()].sort((a, b) => (title(a) < title(b) ? -1 : title(a) > title(b) ? 1 : 0));
}

export function typeSettings(ctx: ServiceContext, def: TypeDef, behaviors: Map<string, BehaviorDef>) {
  const overview = overviewProperties(ctx.urls.siteUrl, def.folderish);
  const ordered = sortedBehaviors(behaviors);
  const properties: Record<string, JsonObject> = { ...overview };
  const data: Record<string, unknown> = {
    allowed_content_types: [...(def.allowedContentTypes ?? [])],
    description: def.description,
    title: def.title,
  };
  // Plone's data carries the stored flag (a boolean), its form the choice token.
  if (def.folderish) data.filter_content_types = containedTypesFilter(def) !== 'all';
  for (const b of ordered) {
    properties[b.name] = {
      description: b.description ?? '',
      factory: 'Yes/No',
      title: b.title ?? b.name,
      type: 'boolean',
    };
    data[b.name] = def.behaviors.includes(b.name);
  }
  return {
    '@id': typeUrl(ctx, def.id),
    data,
    description: def.description,
    group: PANEL_GROUP,
    items: [],
    schema: {
      fieldsets: [
        { behavior: 'plone', fields: Object.keys(overview), id: 'default', title: 'Default' },
        { behavior: 'plone', fields: ordered.map((b) => b.name), id: 'behaviors', title: 'Behaviors' },
      ],
      properties,
      required: def.folderish ? ['title', 'filter_content_types'] : ['title'],
      type: 'object',
    },
    title: def.title,
  };
}
