// Element validation and the TALES subset, without a site.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TesseraError } from '../errors.js';
import { evaluateTales } from './conditions.js';
import { elementDef, elementSchema, elementValues } from './elements.js';
import { eventClassName, isRuleEvent } from './events.js';

test('the TALES subset: constants and string expressions; anything else is unsupported', () => {
  assert.equal(evaluateTales('python:True'), true);
  assert.equal(evaluateTales(' python: False '), false);
  assert.equal(evaluateTales('nothing'), false);
  assert.equal(evaluateTales('string:yes'), true);
  assert.equal(evaluateTales('string:'), false);
  assert.equal(evaluateTales("python:__import__('os').system('x')"), 'unsupported');
  assert.equal(evaluateTales("<tal:block content='string:' />"), 'unsupported');
  assert.equal(evaluateTales('object/title'), 'unsupported');
});

test('element values: typed, required, bounded, partial on edit', () => {
  const logger = elementDef('plone.actions.Logger')!;
  const ok = elementValues(logger, { targetLogger: 'x', loggingLevel: 30, message: 'm' }, undefined);
  assert.deepEqual(ok, { targetLogger: 'x', loggingLevel: 30, message: 'm' });
  assert.deepEqual(elementValues(logger, { loggingLevel: 40 }, ok), { ...ok, loggingLevel: 40 });
  const refused = (body: Record<string, unknown>) =>
    assert.throws(
      () => elementValues(logger, body, undefined),
      (e: unknown) => e instanceof TesseraError && e.type === 'BadRequest',
    );
  refused({ targetLogger: 'x', loggingLevel: 30 });
  refused({ targetLogger: 'x', loggingLevel: 2.5, message: 'm' });
  refused({ targetLogger: 'x'.repeat(1001), loggingLevel: 30, message: 'm' });
  refused({ targetLogger: 'x', loggingLevel: 30, message: 'm', extra: 1 });
  const types = elementDef('plone.conditions.PortalType')!;
  assert.throws(() => elementValues(types, { check_types: Array(201).fill('Document') }, undefined));
  assert.deepEqual(elementSchema(elementDef('plone.actions.Delete')!).fieldsets, []);
});

test('events are named by their titles', () => {
  assert.ok(isRuleEvent('Object modified'));
  assert.ok(!isRuleEvent('zope.lifecycleevent.interfaces.IObjectModifiedEvent'));
  assert.equal(eventClassName('Comment added'), 'icommentaddedevent');
});
