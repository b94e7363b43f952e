import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorOf, slug, tocEntries } from './toc.js';

test('slugs: accents folded, punctuation collapsed, never empty', () => {
  assert.equal(slug('Über die Brücke!'), 'uber-die-brucke');
  assert.equal(slug('  --  '), 'section');
  assert.equal(slug('x'.repeat(100)).length, 60);
});

test('entries: slate and heading blocks in layout order, nested containers, unique anchors', () => {
  const content = {
    blocks: {
      a: {
        '@type': 'slate',
        value: [
          { type: 'h2', children: [{ text: 'Intro' }] },
          { type: 'p', children: [] },
        ],
      },
      b: { '@type': 'heading', heading: 'Intro', tag: 'h3' },
      g: {
        '@type': 'gridBlock',
        blocks: {
          c: { '@type': 'slate', value: [{ type: 'h1', children: [{ text: 'Deep ' }, { text: 'one' }] }] },
        },
        blocks_layout: { items: ['c'] },
      },
      bad: { '@type': 'slate', value: 'nope' },
      empty: { '@type': 'slate', value: [{ type: 'h2', children: [{ text: '   ' }] }] },
    },
    blocks_layout: { items: ['a', 'b', 'bad', 'g', 'empty', 'missing'] },
  };
  assert.deepEqual(
    tocEntries(content).map((e) => [e.level, e.text, e.anchor]),
    [
      [2, 'Intro', 'intro'],
      [3, 'Intro', 'intro-2'],
      [2, 'Deep one', 'deep-one'],
    ],
  );
  assert.equal(anchorOf(content, 'b', 0), 'intro-2');
  assert.equal(anchorOf(content, 'a', 1), undefined);
  assert.deepEqual(tocEntries(null), []);
  assert.deepEqual(tocEntries({ blocks: 'x', blocks_layout: { items: 'y' } }), []);
});
