import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultBehaviors } from './behaviors.js';
import { defaultTypes } from './default-types.js';
import type { JsonObject, TypeDef } from './model.js';
import {
  allowedTypeIds,
  assembleSchema,
  effectiveFields,
  fieldInfo,
  fieldsetInfo,
  typeListEntry,
  typeSchemaBehavior,
  typesListing,
} from './schema.js';
import { needsRecordings, recording, SITE_URL, sortKeys } from './test-recordings.js';

const behaviors = defaultBehaviors();
const types = defaultTypes();
const byId = (id: string): TypeDef => types.find((t) => t.id === id)!;

test(
  'Document schema reproduces the recording minus the fixture-added field and fieldset',
  needsRecordings,
  () => {
    const expected = recording('types_document');
    delete expected.properties.author_email;
    expected.required = expected.required.filter((r: string) => r !== 'author_email');
    expected.fieldsets = expected.fieldsets.filter((f: JsonObject) => f.id !== 'contact_info');
    for (const fs of expected.fieldsets) fs.fields = fs.fields.filter((f: string) => f !== 'author_email');

    const got = assembleSchema(byId('Document'), behaviors, SITE_URL);
    assert.deepEqual(sortKeys(got), sortKeys(expected));
    // Fieldset and field order, not just content.
    assert.deepEqual(
      (got.fieldsets as JsonObject[]).map((f) => [f.id, f.fields]),
      expected.fieldsets.map((f: JsonObject) => [f.id, f.fields]),
    );
    assert.deepEqual(got.required, ['title']);
  },
);

test('the default fieldset has no description, the others an empty one', () => {
  const fieldsets = assembleSchema(byId('Document'), behaviors, SITE_URL).fieldsets as JsonObject[];
  assert.equal('description' in fieldsets[0], false);
  assert.ok(fieldsets.slice(1).every((f) => f.description === '' && f.behavior === 'plone'));
});

test('vocabulary links are stored site-relative and made absolute on assembly', () => {
  const stored = behaviors.get('plone.dublincore')!.fields.subjects;
  assert.deepEqual(stored.widgetOptions, {
    vocabulary: { '@id': '@vocabularies/plone.app.vocabularies.Keywords' },
  });
  const props = assembleSchema(byId('Document'), behaviors, 'https://example.org/site/').properties as any;
  assert.equal(
    props.subjects.widgetOptions.vocabulary['@id'],
    'https://example.org/site/@vocabularies/plone.app.vocabularies.Keywords',
  );
  assert.equal(
    props.allow_discussion.vocabulary['@id'],
    'https://example.org/site/@sources/allow_discussion',
  );
  assert.equal(
    props.relatedItems.items.vocabulary['@id'],
    'https://example.org/site/@vocabularies/plone.app.vocabularies.Catalog',
  );
});

test('effectiveFields lists fields in form order with their behavior', () => {
  const fields = effectiveFields(byId('News Item'), behaviors);
  const main = [...fields].filter(([, f]) => f.fieldset === 'default').map(([n]) => n);
  assert.deepEqual(main, ['title', 'description', 'text', 'image', 'image_caption', 'changeNote']);
  assert.equal(fields.get('image')!.behavior, 'plone.leadimage');
  assert.equal(fields.get('allow_discussion')!.behavior, 'plone.app.discussion.behavior.IAllowDiscussion');
  assert.equal(fields.get('allow_discussion')!.source, 'plone.allowdiscussion');
  assert.equal(fields.get('title')!.required, true);
});

test('Event puts the event fields between summary and text, and requires start and end', () => {
  const schema = assembleSchema(byId('Event'), behaviors, SITE_URL);
  const main = (schema.fieldsets as JsonObject[])[0].fields as string[];
  assert.deepEqual(main.slice(0, 4), ['title', 'description', 'start', 'end']);
  assert.deepEqual(main.slice(-2), ['text', 'changeNote']);
  assert.deepEqual(schema.required, ['title', 'start', 'end']);
  assert.equal((schema.properties as any).sync_uid.mode, 'hidden');
});

test('File and Image own their title, description and primary field', () => {
  const schema = assembleSchema(byId('File'), behaviors, SITE_URL) as any;
  assert.deepEqual(schema.fieldsets[0].fields, ['title', 'description', 'file']);
  assert.deepEqual(schema.required, ['file']);
  assert.equal(schema.properties.file.factory, 'File');
  assert.equal(schema.properties.file.type, 'object');
  assert.deepEqual(Object.keys(schema.properties.file.properties), [
    'file.contentType',
    'file.data',
    'file.filename',
  ]);
  assert.equal(schema.properties.title.behavior, 'plone.dexterity.schema.generated.plone_0_File');
  assert.equal(schema.properties.title.maxLength, 1024);
  const image = assembleSchema(byId('Image'), behaviors, SITE_URL) as any;
  assert.equal(image.properties.image.factory, 'Image');
});

test('typeSchemaBehavior encodes the type name like plone.dexterity', () => {
  assert.equal(typeSchemaBehavior('Document'), 'plone.dexterity.schema.generated.plone_0_Document');
  assert.equal(typeSchemaBehavior('News Item'), 'plone.dexterity.schema.generated.plone_0_News_1_Item');
  assert.equal(
    typeSchemaBehavior('my_type.v-2'),
    'plone.dexterity.schema.generated.plone_0_my__type_2_v_3_2',
  );
});

test('the @types listing at the site root matches the recording', needsRecordings, () => {
  const expected = recording('types').filter((t: JsonObject) => t.id !== 'DXTestDocument');
  const got = typesListing(types, SITE_URL, byId('Plone Site'));
  assert.deepEqual(got, expected);
});

test('typeListEntry and addability', () => {
  assert.deepEqual(typeListEntry(byId('Document'), `${SITE_URL}/`, false), {
    '@id': `${SITE_URL}/@types/Document`,
    addable: false,
    id: 'Document',
    immediately_addable: false,
    title: 'Page',
  });
  assert.deepEqual(allowedTypeIds(byId('Document'), types), []);
  assert.ok(!allowedTypeIds(byId('Folder'), types).includes('Plone Site'));
  const restricted = { ...byId('Folder'), allowedContentTypes: ['Document', 'Image'] };
  assert.deepEqual(allowedTypeIds(restricted, types), ['Document', 'Image']);
  const listing = typesListing(types, SITE_URL, byId('Document'));
  assert.ok(listing.every((e) => e.addable === false && e.immediately_addable === false));
  const local = typesListing(types, SITE_URL, byId('Folder'), { allowed: ['Event'] });
  assert.deepEqual(
    local.filter((e) => e.addable).map((e) => e.id),
    ['Event'],
  );
});

test('fieldInfo and fieldsetInfo describe single fields and fieldsets', () => {
  assert.deepEqual(fieldInfo(byId('Document'), behaviors, 'changeNote', SITE_URL), {
    behavior: 'plone.versioning',
    description: 'Enter a comment that describes the changes you made.',
    factory: 'Text line (String)',
    title: 'Change Note',
    type: 'string',
  });
  assert.equal(fieldInfo(byId('Document'), behaviors, 'nope', SITE_URL), null);
  assert.deepEqual(fieldsetInfo(byId('Document'), behaviors, 'dates'), {
    behavior: 'plone',
    description: '',
    fields: ['effective', 'expires'],
    id: 'dates',
    title: 'Dates',
  });
  assert.equal(fieldsetInfo(byId('Document'), behaviors, 'nope'), null);
});

test('unknown behaviors are skipped', () => {
  const def = { ...byId('Document'), behaviors: ['plone.dublincore', 'no.such.behavior'] };
  assert.deepEqual([...effectiveFields(def, behaviors).keys()].slice(0, 2), ['title', 'description']);
});
