import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultBehaviorNames, defaultBehaviors } from './behaviors.js';
import { checkBehaviorDef, checkTypeDef } from './check.js';
import { defaultTypes } from './default-types.js';
import type { JsonObject } from './model.js';
import { assembleSchema } from './schema.js';
import { needsRecordings, recording, SITE_URL } from './test-recordings.js';

test('the nine default types, with Plone titles and views', () => {
  const types = defaultTypes();
  assert.deepEqual(
    types.map((t) => [t.id, t.title, t.defaultView]),
    [
      ['Document', 'Page', 'document_view'],
      ['News Item', 'News Item', 'newsitem_view'],
      ['Event', 'Event', 'event_view'],
      ['Link', 'Link', 'link_redirect_view'],
      ['File', 'File', 'file_view'],
      ['Image', 'Image', 'image_view'],
      ['Collection', 'Collection', 'listing_view'],
      ['Folder', 'Folder', 'listing_view'],
      ['Plone Site', 'Plone Site', 'document_view'],
    ],
  );
  for (const t of types) assert.ok(t.layouts.includes(t.defaultView), t.id);
  const folderish = types.filter((t) => t.folderish).map((t) => t.id);
  assert.deepEqual(folderish, ['Folder', 'Plone Site']);
});

test('the volto distribution: pages, news items and events are folderish, as plone.volto makes them', () => {
  const types = defaultTypes({ volto: true });
  const folderish = types.filter((t) => t.folderish).map((t) => t.id);
  assert.deepEqual(folderish, ['Document', 'News Item', 'Event', 'Folder', 'Plone Site']);
  const doc = types.find((t) => t.id === 'Document')!;
  assert.equal(doc.allowedContentTypes, null, 'any globally addable type');
  assert.ok(doc.behaviors.includes('plone.constraintypes'));
  assert.ok(doc.behaviors.includes('volto.blocks'));
  assert.equal(types.find((t) => t.id === 'Link')!.folderish, false);
});

test('definitions are JSON and handed out as fresh copies', () => {
  const a = defaultTypes();
  assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
  a[0].behaviors.push('changed');
  a[0].fields.x = { type: 'string', title: 'x', description: '' };
  const b = defaultTypes();
  assert.ok(!b[0].behaviors.includes('changed'));
  assert.deepEqual(b[0].fields, {});
  const behaviors = defaultBehaviors();
  assert.deepEqual(JSON.parse(JSON.stringify([...behaviors.values()])), [...behaviors.values()]);
  behaviors.get('plone.dublincore')!.fields.title.title = 'Changed';
  assert.equal(defaultBehaviors().get('plone.dublincore')!.fields.title.title, 'Title');
});

test('every behavior a default type uses is defined', () => {
  const names = new Set(defaultBehaviorNames());
  for (const t of defaultTypes({ volto: true })) {
    for (const b of t.behaviors) assert.ok(names.has(b), `${t.id}: ${b}`);
  }
});

test('the behavior names match the dexterity-types control panel', needsRecordings, () => {
  const panel = recording('controlpanels_get_dexterity_item');
  const recorded = Object.keys(panel.data)
    .filter((k) => k.includes('.'))
    .filter((k) => !k.startsWith('tests.'));
  assert.deepEqual(defaultBehaviorNames(), recorded.sort());
  const behaviors = defaultBehaviors();
  for (const name of recorded) {
    const described = panel.schema.properties[name];
    assert.equal(behaviors.get(name)!.title, described.title, name);
    assert.equal(behaviors.get(name)!.description, described.description, name);
  }
});

test('Volto blocks: off by default (as recorded), on for Document and Plone Site on request', () => {
  const behaviors = defaultBehaviors();
  const plain = defaultTypes().find((t) => t.id === 'Document')!;
  assert.ok(!('blocks' in (assembleSchema(plain, behaviors, SITE_URL).properties as JsonObject)));
  const volto = defaultTypes({ volto: true });
  const withBlocks = volto.filter((t) => t.behaviors.includes('volto.blocks')).map((t) => t.id);
  assert.deepEqual(withBlocks, ['Document', 'Plone Site']);
  const schema = assembleSchema(volto[0], behaviors, SITE_URL) as any;
  const layout = schema.fieldsets.find((f: JsonObject) => f.id === 'layout');
  assert.deepEqual(layout.fields, ['blocks', 'blocks_layout']);
  assert.deepEqual(schema.properties.blocks_layout.default, { items: [] });
  assert.equal(schema.properties.blocks.factory, 'JSONField');
  assert.equal(schema.properties.blocks.behavior, 'volto.blocks');
});

test('stored definitions are shape-checked on the way back in', () => {
  for (const t of defaultTypes()) assert.equal(checkTypeDef(JSON.parse(JSON.stringify(t))).id, t.id);
  for (const b of defaultBehaviors().values()) assert.equal(checkBehaviorDef(b).name, b.name);
  const broken = { ...defaultTypes()[0], fields: { x: { title: 'no type' } } };
  assert.throws(() => checkTypeDef(broken), /Document: field 'x' needs a JSON type/);
  assert.throws(
    () => checkTypeDef({ ...defaultTypes()[0], allowedContentTypes: 'all' }),
    /allowedContentTypes/,
  );
  assert.throws(() => checkTypeDef('Document'), /not an object/);
  assert.throws(() => checkBehaviorDef({ name: 'x', fields: {}, fieldsets: [{ id: 'a' }] }), /each fieldset/);
});
