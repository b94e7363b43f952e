// Test site content, created through the backend's REST API as admin: one of
// every view type, a page using every block type, and some broken input.
import { Buffer } from 'node:buffer';

export interface Site {
  uids: Record<string, string>;
}

// A 2×2 PNG: enough for the backend to make scales.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPjPwMDAxMDAwMDAAAAOHQEEOtaT0gAAAABJRU5ErkJggg==',
  'base64',
).toString('base64');

const slate = (children: unknown[]) => ({ '@type': 'slate', value: children });

export async function seed(base: string, auth: string): Promise<Site> {
  const uids: Record<string, string> = {};
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(base + path, {
      method,
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: auth },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const create = async (parent: string, item: Record<string, unknown>, publish = true) => {
    const created = await call('POST', parent, item);
    const path = `${parent === '/' ? '' : parent}/${item.id}`;
    uids[path] = created.UID;
    // Images and files have no workflow of their own: they follow their folder.
    if (publish && item['@type'] !== 'Image' && item['@type'] !== 'File')
      await call('POST', `${path}/@workflow/publish`);
    return created;
  };

  await create('/', { '@type': 'Folder', id: 'news', title: 'News Folder', description: 'All the news' });
  for (let i = 1; i <= 3; i++)
    await create('/news', {
      '@type': 'News Item',
      id: `item${i}`,
      title: `News number ${i}`,
      description: `Summary of news ${i}`,
      subjects: i === 3 ? ['council'] : i === 1 ? ['harbour', 'bridge'] : ['harbour'],
    });
  await create('/news', { '@type': 'Folder', id: 'archive', title: 'Archive' });
  await create('/', { '@type': 'Folder', id: 'images', title: 'Images' });
  await create('/images', {
    '@type': 'Image',
    id: 'pic',
    title: 'A picture',
    image: { data: PNG, encoding: 'base64', filename: 'pic.png', 'content-type': 'image/png' },
  });
  await create('/', {
    '@type': 'Event',
    id: 'meetup',
    title: 'Community Meetup',
    description: 'We meet',
    start: '2030-05-17T14:00:00+00:00',
    end: '2030-05-17T17:30:00+00:00',
    location: 'Town Hall, Room 4',
  });
  await create('/', {
    '@type': 'Link',
    id: 'elsewhere',
    title: 'Elsewhere',
    remoteUrl: 'https://example.org/target',
  });
  await create('/', {
    '@type': 'File',
    id: 'report',
    title: 'Annual report',
    file: {
      data: Buffer.from('hello file').toString('base64'),
      encoding: 'base64',
      filename: 'report.txt',
      'content-type': 'text/plain',
    },
  });
  await create(
    '/',
    { '@type': 'Document', id: 'secret', title: 'Secret Plans', description: 'staff only' },
    false,
  );
  await create('/', { '@type': 'Document', id: 'gone', title: 'Soon deleted' });
  await create('/', {
    '@type': 'Collection',
    id: 'latest',
    title: 'Latest News',
    description: 'Every news item',
    query: [{ i: 'portal_type', o: 'plone.app.querystring.operation.selection.any', v: ['News Item'] }],
    sort_on: 'sortable_title',
  });

  const item1 = uids['/news/item1'];
  const blocks: Record<string, unknown> = {
    t: { '@type': 'title' },
    toc: { '@type': 'toc', title: 'On this page' },
    tocBad: { '@type': 'toc', levels: 'not a list', hide_title: true, ordered: true },
    d: { '@type': 'description' },
    s: slate([
      {
        type: 'p',
        children: [
          { text: 'Plain and ' },
          { type: 'strong', children: [{ text: 'bold words' }] },
          { text: ' and ', italic: true },
          { type: 'link', data: { url: `../resolveuid/${item1}` }, children: [{ text: 'an internal link' }] },
          { text: ' and ' },
          { type: 'link', data: { url: 'javascript:alert(1)' }, children: [{ text: 'a bad link' }] },
        ],
      },
      { type: 'h2', children: [{ text: 'Section heading' }] },
      { type: 'ul', children: [{ type: 'li', children: [{ text: 'first bullet' }] }] },
      { type: 'blockquote', children: [{ text: 'A wise quote' }] },
    ]),
    img: { '@type': 'image', url: '/images/pic', alt: 'Blue square', size: 'l' },
    teaser: { '@type': 'teaser', href: [{ '@id': '/news/item2', title: 'stale title' }] },
    teaserGone: { '@type': 'teaser', href: [{ '@id': '/gone', title: 'Soon deleted' }] },
    listing: {
      '@type': 'listing',
      variation: 'summary',
      headline: 'Latest news',
      querystring: {
        query: [{ i: 'portal_type', o: 'plone.app.querystring.operation.selection.any', v: ['News Item'] }],
        sort_on: 'sortable_title',
        sort_order: 'ascending',
        b_size: 2,
      },
    },
    sep: { '@type': 'separator' },
    heading: { '@type': 'heading', heading: 'A heading block', tag: 'h2' },
    table: {
      '@type': 'slateTable',
      table: {
        rows: [
          {
            key: 'r1',
            cells: [{ key: 'c1', type: 'header', value: [{ type: 'p', children: [{ text: 'Column A' }] }] }],
          },
          {
            key: 'r2',
            cells: [{ key: 'c2', type: 'data', value: [{ type: 'p', children: [{ text: 'Cell value' }] }] }],
          },
        ],
      },
    },
    html: {
      '@type': 'html',
      html: '<p class="ok">Raw <b>html</b></p><script>alert("x")</script><a href="javascript:alert(2)" onclick="alert(3)">bad</a>',
    },
    video: { '@type': 'video', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
    mystery: { '@type': 'fancyWidget', whatever: 1 },
    broken: null,
    weird: { '@type': 'slate', value: 'not a list' },
    grid: {
      '@type': 'gridBlock',
      blocks: { g1: slate([{ type: 'p', children: [{ text: 'Inside the grid' }] }]) },
      blocks_layout: { items: ['g1'] },
    },
  };
  await create('/', {
    '@type': 'Document',
    id: 'page',
    title: 'Block Showcase',
    description: 'Every block type',
    blocks,
    blocks_layout: { items: [...Object.keys(blocks), 'no-such-block'] },
  });
  // Deleted after the teaser points at it: the page must still render.
  await call('DELETE', '/gone');
  delete uids['/gone'];
  return { uids };
}
