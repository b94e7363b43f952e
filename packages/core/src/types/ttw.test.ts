import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultBehaviors } from './behaviors.js';
import { defaultTypes } from './default-types.js';
import type { JsonObject, TypeDef } from './model.js';
import { assembleSchema, fieldInfo, fieldsetInfo, typeSchemaBehavior } from './schema.js';
import { needsRecordings, recording, SITE_URL, sortKeys } from './test-recordings.js';
import {
  addField,
  addFieldOrFieldset,
  addFieldset,
  deleteField,
  deleteFieldOrFieldset,
  deleteFieldset,
  patchField,
  patchFieldOrFieldset,
  patchFieldset,
  patchType,
  putType,
} from './ttw.js';
import { fieldFactoryTerms, normalizeFieldId, TypeSchemaError } from './ttw-factories.js';

const behaviors = defaultBehaviors();
const document = (): TypeDef => defaultTypes().find((t) => t.id === 'Document')!;
const GENERATED = typeSchemaBehavior('Document');

// Recordings name the generated schema after the site's mtime; ours is stable.
const normalize = (v: any) =>
  JSON.parse(JSON.stringify(v).replaceAll('plone_5_1234567890_2_123456_0_Document', 'plone_0_Document'));

/** The fixture's setup: POST fieldset contact_info, then POST field author_email. */
function withContactInfo(): TypeDef {
  let def = addFieldset(document(), behaviors, {
    factory: 'fieldset',
    title: 'Contact Info',
    description: 'Contact information',
  }).def;
  def = addField(
    def,
    behaviors,
    { factory: 'Email', title: 'Author email', description: 'Email of the author', required: true },
    SITE_URL,
  ).def;
  return def;
}

test('POST fieldset answers like types_document_post_fieldset', needsRecordings, () => {
  const { response, def } = addFieldOrFieldset(
    document(),
    behaviors,
    recording('types_document_post_fieldset.req'),
    SITE_URL,
  );
  assert.deepEqual(response, recording('types_document_post_fieldset'));
  assert.deepEqual(def.fieldsets, [
    { id: 'contact_info', title: 'Contact Info', description: 'Contact information', fields: [] },
  ]);
});

test(
  'POST field answers like types_document_post_field and lands in the main fieldset',
  needsRecordings,
  () => {
    const { response, def, id } = addFieldOrFieldset(
      document(),
      behaviors,
      recording('types_document_post_field.req'),
      SITE_URL,
    );
    assert.equal(id, 'author_email');
    assert.deepEqual(sortKeys(response), sortKeys(normalize(recording('types_document_post_field'))));
    assert.deepEqual(def.required, ['author_email']);
    const main = (assembleSchema(def, behaviors, SITE_URL).fieldsets as JsonObject[])[0].fields;
    assert.deepEqual(main, ['title', 'description', 'author_email', 'text', 'changeNote']);
  },
);

test('after the fixture setup the schema equals types_document.resp', needsRecordings, () => {
  const got = assembleSchema(withContactInfo(), behaviors, SITE_URL);
  assert.deepEqual(sortKeys(got), sortKeys(normalize(recording('types_document'))));
});

test('the recorded PATCH/PUT/DELETE sequence', needsRecordings, () => {
  let def = withContactInfo();

  // PATCH @types/Document {properties: {author_email: {default, minLength, maxLength}}}
  def = patchType(def, behaviors, recording('types_document_patch_properites.req'));
  assert.deepEqual(fieldInfo(def, behaviors, 'author_email', SITE_URL), {
    behavior: GENERATED,
    default: 'foo@bar.com',
    description: 'Email of the author',
    factory: 'Email',
    maxLength: 20,
    minLength: 5,
    title: 'Author email',
    type: 'string',
    widget: 'email',
  });
  // The hand-written variant sets a default longer than maxLength; plone.restapi accepts it.
  assert.equal(
    patchType(def, behaviors, recording('types_document_patch.req')).fields.author_email.maxLength,
    10,
  );

  // PATCH @types/Document {fieldsets: [{id: contact_info, title, fields: [author_email]}]}
  def = patchType(def, behaviors, recording('types_document_patch_fieldsets.req'));
  assert.deepEqual(fieldsetInfo(def, behaviors, 'contact_info'), {
    behavior: 'plone.dexterity.schema.generated',
    description: 'Contact information',
    fields: ['author_email'],
    id: 'contact_info',
    title: 'Contact info',
  });
  const schema = assembleSchema(def, behaviors, SITE_URL);
  const ids = (schema.fieldsets as JsonObject[]).map((f) => f.id);
  assert.deepEqual(ids, ['default', 'contact_info', 'settings', 'categorization', 'dates', 'ownership']);
  assert.ok(!((schema.fieldsets as JsonObject[])[0].fields as string[]).includes('author_email'));

  // PATCH @types/Document/contact_info
  def = patchFieldOrFieldset(def, behaviors, 'contact_info', recording('types_document_patch_fieldset.req'));
  assert.equal(def.fieldsets[0].title, 'Contact information');

  // PATCH @types/Document/author_email
  def = patchFieldOrFieldset(def, behaviors, 'author_email', recording('types_document_patch_field.req'));
  assert.deepEqual(def.fields.author_email, {
    type: 'string',
    title: 'Author e-mail',
    description: 'The e-mail address of the author',
    factory: 'Email',
    widget: 'email',
    default: 'foo@bar.com',
    minLength: 10,
    maxLength: 20,
  });
  assert.deepEqual(def.required, ['author_email']);

  // PUT @types/Document
  const put = putType(def, behaviors, recording('types_document_put.req'), SITE_URL);
  assert.deepEqual(put.layouts, ['thumbnail_view', 'table_view']);
  assert.deepEqual(Object.keys(put.fields).sort(), ['author_email', 'author_name', 'author_url']);
  assert.deepEqual(put.fields.author_name, {
    type: 'string',
    title: 'Author name',
    description: 'Name of the author',
    factory: 'Text line (String)',
  });
  assert.deepEqual(put.fields.author_url, {
    type: 'string',
    title: 'Author website',
    description: 'Author webpage',
    factory: 'URL',
    widget: 'url',
    minLength: 5,
    maxLength: 30,
  });
  assert.equal(put.fields.author_email.title, 'Author email');
  assert.equal(put.fields.author_email.maxLength, 20, 'limits not in the body stay');
  assert.deepEqual(put.required, ['author_email']);
  assert.deepEqual(put.fieldsets, [
    { id: 'contact_info', title: 'Contact info', description: 'Contact information', fields: [] },
    {
      id: 'author',
      title: 'Contact the author',
      description: '',
      fields: ['author_email', 'author_url', 'author_name'],
    },
  ]);
  const putSchema = assembleSchema(put, behaviors, SITE_URL);
  assert.equal((putSchema.properties as any).title.behavior, 'plone.dublincore', 'behavior fields untouched');
  assert.deepEqual(putSchema.required, ['title', 'author_email']);

  // DELETE @types/Document/author_email, then DELETE @types/Document/contact_info
  def = deleteFieldOrFieldset(def, behaviors, 'author_email');
  assert.deepEqual(def.fields, {});
  assert.deepEqual(def.required, []);
  assert.deepEqual(def.fieldsets[0].fields, []);
  def = deleteFieldOrFieldset(def, behaviors, 'contact_info');
  assert.deepEqual(def.fieldsets, []);
  assert.deepEqual(sortKeys(def), sortKeys(document()), 'back to the default Document');
});

test('operations return new objects and leave the input alone', () => {
  const before = document();
  const snapshot = structuredClone(before);
  addField(before, behaviors, { factory: 'Integer', title: 'Pages' }, SITE_URL);
  addFieldset(before, behaviors, { title: 'Extra' });
  assert.deepEqual(before, snapshot);
});

test('field ids come from titles the way Plone normalises them', () => {
  assert.equal(normalizeFieldId('Author email'), 'author_email');
  assert.equal(normalizeFieldId('  Größe / Höhe (cm) '), 'gro_e_hohe_cm');
  const { id, def } = addField(
    document(),
    behaviors,
    { factory: 'label_integer_field', title: 'Page Count' },
    SITE_URL,
  );
  assert.equal(id, 'page_count');
  assert.equal(def.fields.page_count.factory, 'Integer');
  assert.equal(
    addField(document(), behaviors, { factory: 'URL', title: 'X', id: 'homepage' }, SITE_URL).id,
    'homepage',
  );
});

test('every add-field factory creates a field that assembles', () => {
  let def = document();
  for (const [i, term] of fieldFactoryTerms().entries()) {
    def = addField(def, behaviors, { factory: term.token, title: `Field ${i}` }, SITE_URL).def;
  }
  const props = assembleSchema(def, behaviors, SITE_URL).properties as any;
  assert.equal(props.field_0.factory, 'Choice');
  assert.equal(props.field_0.vocabulary['@id'], `${SITE_URL}/@sources/field_0`);
  assert.equal(props.field_5.factory, 'File');
  assert.equal(props.field_11.factory, 'Multiple Choice');
  assert.equal(props.field_14.items.factory, 'Relation Choice');
  assert.equal(props.field_19.type, 'boolean');
});

test('adding: bad factory, duplicate or reserved names, missing title', () => {
  const doc = document();
  assert.throws(
    () => addField(doc, behaviors, { factory: 'Tuple', title: 'X' }, SITE_URL),
    (e: unknown) => e instanceof TypeSchemaError && e.status === 400 && /factory: Tuple/.test(e.message),
  );
  assert.throws(
    () => addField(doc, behaviors, { factory: 'Email', title: 'Subjects' }, SITE_URL),
    /already a field/,
  );
  assert.throws(() => addField(doc, behaviors, { factory: 'Email', title: 'Layout' }, SITE_URL), /reserved/);
  assert.throws(
    () => addField(doc, behaviors, { factory: 'Email', id: '1st' }, SITE_URL),
    /not a valid field name/,
  );
  assert.throws(() => addField(doc, behaviors, { factory: 'Email' }, SITE_URL), /title or an id/);
  assert.throws(
    () => addFieldOrFieldset(doc, behaviors, { title: 'x' }, SITE_URL),
    /Missing parameter: 'factory'/,
  );
  assert.throws(() => addFieldset(doc, behaviors, { title: 'Settings' }), /already a fieldset/);
  assert.throws(() => addFieldset(doc, behaviors, { title: 'Default' }), /reserved/);
});

test('behavior fields and fieldsets cannot be changed or deleted', () => {
  const doc = withContactInfo();
  const badRequest = (e: unknown) => e instanceof TypeSchemaError && e.status === 400;
  const notFound = (e: unknown) => e instanceof TypeSchemaError && e.status === 404;
  assert.throws(() => deleteField(doc, behaviors, 'title'), badRequest);
  assert.throws(() => deleteField(doc, behaviors, 'title'), /behavior 'plone.dublincore'/);
  assert.throws(() => patchField(doc, behaviors, 'text', { title: 'Body' }), badRequest);
  assert.throws(() => deleteFieldset(doc, behaviors, 'settings'), badRequest);
  assert.throws(() => patchFieldset(doc, behaviors, 'dates', { title: 'When' }), badRequest);
  assert.throws(() => deleteFieldOrFieldset(doc, behaviors, 'nothing'), notFound);
  assert.throws(() => patchField(doc, behaviors, 'nothing', {}), notFound);
  // PATCH of the whole type skips behavior fields instead, like plone.restapi.
  const same = patchType(doc, behaviors, { properties: { title: { title: 'Name' } } });
  assert.deepEqual(same, doc);
});

test('a fieldset with fields cannot be deleted', () => {
  const def = patchFieldset(withContactInfo(), behaviors, 'contact_info', { fields: ['author_email'] });
  assert.throws(() => deleteFieldset(def, behaviors, 'contact_info'), /still holds fields \(author_email\)/);
});

test('patching fields: limits, default, required, choice values', () => {
  let def = addField(document(), behaviors, { factory: 'Choice', title: 'Color' }, SITE_URL).def;
  def = patchField(def, behaviors, 'color', { values: ['red', 'blue'], default: 'red', required: true });
  assert.deepEqual(def.fields.color.enum, ['red', 'blue']);
  assert.deepEqual(def.fields.color.choices, [
    ['red', 'red'],
    ['blue', 'blue'],
  ]);
  assert.equal(def.fields.color.default, 'red');
  assert.deepEqual(def.required, ['color']);
  assert.throws(() => patchField(def, behaviors, 'color', { default: 'green' }), /Invalid default/);
  def = patchField(def, behaviors, 'color', { required: false, default: null });
  assert.deepEqual(def.required, []);
  assert.equal('default' in def.fields.color, false);
  let n = addField(document(), behaviors, { factory: 'Integer', title: 'N' }, SITE_URL).def;
  n = patchField(n, behaviors, 'n', { minimum: 0, maximum: 9 });
  assert.equal(n.fields.n.minimum, 0);
  assert.throws(() => patchField(n, behaviors, 'n', { minimum: 'x' }), /must be a number/);
  let d = addField(document(), behaviors, { factory: 'Date', title: 'D' }, SITE_URL).def;
  d = patchField(d, behaviors, 'd', { minimum: '2020-01-01T12:00:00Z' });
  assert.equal(d.fields.d.minimum, '2020-01-01');
  assert.throws(() => patchField(d, behaviors, 'd', { maximum: 'someday' }), /must be a date/);
  assert.throws(() => patchField(n, behaviors, 'n', { title: '' }), /non-empty/);
  const t = addField(document(), behaviors, { factory: 'Text', title: 'T' }, SITE_URL).def;
  assert.throws(() => patchField(t, behaviors, 't', { minLength: 9, maxLength: 3 }), /minLength/);
});

test('fieldsets: moving fields and reordering the main fieldset', () => {
  let def = document();
  for (const title of ['A', 'B', 'C'])
    def = addField(def, behaviors, { factory: 'Text', title }, SITE_URL).def;
  def = addFieldset(def, behaviors, { title: 'More' }).def;
  def = patchFieldset(def, behaviors, 'more', { fields: ['c', 'a', 'title', 'missing'] });
  assert.deepEqual(def.fieldsets[0].fields, ['c', 'a']);
  def = patchFieldset(def, behaviors, 'default', { fields: ['a'] });
  assert.deepEqual(def.fieldsets[0].fields, ['c']);
  def = patchFieldset(def, behaviors, 'default', { fields: ['b', 'a'] });
  const main = (assembleSchema(def, behaviors, SITE_URL).fieldsets as JsonObject[])[0].fields;
  assert.deepEqual(main, ['title', 'description', 'b', 'a', 'text', 'changeNote']);
  assert.throws(() => patchFieldset(def, behaviors, 'nope', { fields: [] }), /could not be found/);
});

test('PUT with no properties removes all type fields', () => {
  const def = putType(withContactInfo(), behaviors, { fieldsets: [] });
  assert.deepEqual(def.fields, {});
  assert.deepEqual(def.fieldsets, []);
  assert.deepEqual(def.layouts, ['document_view'], 'empty layouts leave the views alone');
});
