import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractLinks, linkTarget } from './extract.js';

const UID = 'a'.repeat(32);

test('linkTarget: resolveuid, site paths, own origins; not external links', () => {
  assert.deepEqual(linkTarget(`../resolveuid/${UID}`), { uid: UID });
  assert.deepEqual(linkTarget(`http://x.org/Plone/resolveuid/${UID}/@@images/image`), { uid: UID });
  assert.deepEqual(linkTarget('/news/item?x=1#top'), { path: '/news/item' });
  assert.deepEqual(linkTarget('/Plone/news/@@images/image/preview', { mount: '/Plone' }), { path: '/news' });
  assert.deepEqual(linkTarget('/++api++/doc/view'), { path: '/doc' });
  assert.deepEqual(linkTarget('/caf%C3%A9'), { path: '/café' });
  assert.equal(linkTarget('https://elsewhere.org/doc'), null);
  assert.deepEqual(linkTarget('https://www.site.org/doc', { origins: ['https://www.site.org'] }), {
    path: '/doc',
  });
  for (const s of ['mailto:a@b.c', '#top', 'doc', '//cdn.org/x', '', 'javascript:void(0)'])
    assert.equal(linkTarget(s), null, s);
});

test('extractLinks: relation fields, rich text, slate, teaser, image blocks', () => {
  const data = {
    relatedItems: ['u1', 'u2', 'u1', 3],
    mainItem: 'u3',
    text: {
      'content-type': 'text/html',
      encoding: 'utf-8',
      data: `<p><a href="resolveuid/u4">x</a> <img src='/images/pic/@@images/image' /> <a href="https://out.org">o</a></p>`,
    },
    blocks: {
      b1: {
        '@type': 'slate',
        value: [
          { type: 'p', children: [{ type: 'link', data: { url: '/docs/d1' }, children: [{ text: 'd' }] }] },
        ],
      },
      b2: {
        '@type': 'teaser',
        href: [{ '@id': '/docs/d2', title: 'D2' }],
        preview_image: [{ '@id': '/img' }],
      },
      b3: { '@type': 'image', url: `../resolveuid/u5`, href: 'https://out.org' },
      b4: { '@type': 'listing', querystring: { query: [{ i: 'path', v: '/docs' }] } },
      b5: {
        '@type': 'slate',
        value: [{ type: 'link', data: { link: { internal: { internal_link: [{ '@id': '/x' }] } } } }],
      },
    },
    blocks_layout: { items: ['b1', 'b2', 'b3', 'b4', 'b5'] },
  };
  const links = extractLinks(data, { relationFields: ['relatedItems', 'mainItem'] });
  const show = links.map(
    (l) => `${l.relation}|${l.attribute}|${'uid' in l.target ? l.target.uid : l.target.path}`,
  );
  assert.deepEqual(show.sort(), [
    'isReferencing|blocks|/docs/d1',
    'isReferencing|blocks|/docs/d2',
    'isReferencing|blocks|/img',
    'isReferencing|blocks|/x',
    'isReferencing|blocks|u5',
    'isReferencing|text|/images/pic',
    'isReferencing|text|u4',
    'mainItem|mainItem|u3',
    'relatedItems|relatedItems|u1',
    'relatedItems|relatedItems|u2',
  ]);
});

test('extractLinks stays fast on a 1 MB blocks JSON', () => {
  const blocks: Record<string, unknown> = {};
  for (let i = 0; i < 4000; i++)
    blocks[`b${i}`] = {
      '@type': 'slate',
      value: [
        {
          type: 'p',
          children: [
            { text: 'lorem ipsum '.repeat(15) },
            { type: 'link', data: { url: `/d/${i % 50}` }, children: [] },
          ],
        },
      ],
    };
  const size = JSON.stringify(blocks).length;
  assert.ok(size > 1_000_000, String(size));
  const t0 = performance.now();
  const links = extractLinks({ blocks }, { relationFields: [] });
  const ms = performance.now() - t0;
  assert.equal(links.length, 50);
  assert.ok(ms < 500, `${ms} ms`);
});

test('deep slate trees do not overflow the stack', () => {
  let node: Record<string, unknown> = { type: 'link', data: { url: '/deep' }, children: [] };
  for (let i = 0; i < 50_000; i++) node = { type: 'span', children: [node] };
  const links = extractLinks({ blocks: { b: { value: [node] } } }, { relationFields: [] });
  assert.equal(links.length, 1);
});
