import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rssXml } from './feed.js';

test('RSS: text is escaped, links absolute, dates RFC 822, missing fields left out', () => {
  const xml = rssXml('https://example.org', { '@id': '/news', title: 'News & <Views>' }, [
    {
      '@id': '/news/a',
      title: '"Quotes" & <tags>',
      description: 'x]]>y',
      UID: 'u1',
      effective: '2026-01-02T03:04:05+00:00',
    },
    { '@id': '/news/b', title: 'No date', effective: '1969-12-31T00:00:00+00:00', created: 'garbage' },
  ]);
  assert.match(xml, /<title>News &amp; &lt;Views&gt;<\/title>/);
  assert.match(xml, /<link>https:\/\/example.org\/news<\/link>/);
  assert.match(xml, /<atom:link href="https:\/\/example.org\/news\/rss.xml" rel="self"/);
  assert.match(xml, /<title>&quot;Quotes&quot; &amp; &lt;tags&gt;<\/title>/);
  assert.match(xml, /<description>x]]&gt;y<\/description>/);
  assert.match(xml, /<pubDate>Fri, 02 Jan 2026 03:04:05 GMT<\/pubDate>/);
  assert.match(xml, /<item><title>No date<\/title><link>https:\/\/example.org\/news\/b<\/link><\/item>/);
  assert.doesNotMatch(xml, /<tags>|"Quotes"/);
});

test('RSS of the site root links the origin itself', () => {
  const xml = rssXml('http://localhost:3000', { '@id': '/', title: 'Site' }, []);
  assert.match(xml, /<link>http:\/\/localhost:3000<\/link>/);
  assert.match(xml, /href="http:\/\/localhost:3000\/rss.xml"/);
});
