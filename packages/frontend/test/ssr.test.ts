// Server-side rendering against a real backend: every view type's HTML holds
// its content before any JavaScript runs, with the right status and cache headers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { login, startSite, type TestSite } from './site.js';

let site: TestSite;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

async function page(path: string, headers: Record<string, string> = {}) {
  const r = await fetch(site.url + path, { headers, redirect: 'manual' });
  return { status: r.status, headers: r.headers, html: await r.text() };
}

/** The visible text of the <main> landmark, tags stripped. */
function mainText(html: string): string {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

describe('pages', () => {
  test('site root: title, text, navigation with a second level, landmarks, lang', async () => {
    const r = await page('/');
    assert.equal(r.status, 200);
    assert.match(r.html, /<html lang="en">/);
    assert.match(r.html, /class="skip-link" href="#main-content"/);
    assert.match(r.html, /<main id="main-content"/);
    assert.match(r.html, /<nav class="portal-tabs" aria-label="Main navigation">/);
    assert.match(r.html, /<footer/);
    assert.match(mainText(r.html), /Welcome to your new Tessera site/);
    assert.match(r.html, /href="\/news"[^>]*>News Folder</);
    assert.match(r.html, /class="submenu"><li><a href="\/news\/item1"/);
    assert.doesNotMatch(r.html, /Secret Plans/, 'private content stays out of anonymous navigation');
  });

  test('document with every block type', async () => {
    const r = await page('/page');
    assert.equal(r.status, 200);
    const text = mainText(r.html);
    assert.match(r.html, /<h1 class="documentFirstHeading">Block Showcase<\/h1>/);
    assert.match(text, /Every block type/);
    assert.match(r.html, /<strong>bold words<\/strong>/);
    assert.match(r.html, /<em> and <\/em>/);
    assert.match(r.html, /<a href="\/news\/item1"[^>]*>an internal link<\/a>/, 'resolveuid link resolved');
    assert.match(r.html, /<a href="#">a bad link<\/a>/, 'javascript: link neutralised');
    assert.match(r.html, /<h2 id="section-heading">Section heading<\/h2>/);
    assert.match(r.html, /<li>first bullet<\/li>/);
    assert.match(r.html, /<blockquote>A wise quote<\/blockquote>/);
    assert.match(r.html, /<img src="\/images\/pic\/@@images\/image\/large" srcSet="[^"]+ 200w, [^"]+ 400w/);
    assert.match(r.html, /alt="Blue square"/);
    // Teaser shows the target's current title, not the stale one stored in the block.
    assert.match(r.html, /class="teaser-title"><a href="\/news\/item2"[^>]*>News number 2</);
    assert.doesNotMatch(text, /stale title/);
    // The teaser whose target was deleted is a placeholder.
    assert.match(r.html, /data-block-type="teaser"><p>The linked item is no longer available/);
    // Listing: summary variation, batch of 2, link to page 2.
    assert.match(r.html, /<h2 class="headline">Latest news<\/h2><ul class="listing listing-summary">/);
    assert.match(text, /News number 1 .*News number 2/);
    assert.doesNotMatch(text, /News number 3/);
    assert.match(r.html, /href="\/page\?listing-page=2"/);
    assert.match(r.html, /<hr class="block separator"\/>/);
    assert.match(r.html, /<h2 class="block heading" id="a-heading-block">A heading block<\/h2>/);
    assert.match(r.html, /<th scope="col"><p>Column A<\/p><\/th>/);
    assert.match(r.html, /<td><p>Cell value<\/p><\/td>/);
    // HTML block: sanitised, no script, no event handler.
    assert.match(r.html, /<p class="ok">Raw <b>html<\/b><\/p>/);
    // (The rendered markup: the hydration data holds the slate JSON, as data.)
    assert.doesNotMatch(/<main[\s\S]*<\/main>/.exec(r.html)![0], /alert\(|onclick|javascript:/);
    // Video: consent button, no request to YouTube before the click.
    assert.match(text, /Load video from YouTube/);
    assert.doesNotMatch(r.html, /<iframe/);
    // Unknown, null and missing blocks become placeholders; the grid's children render.
    assert.match(r.html, /data-block-type="fancyWidget"/);
    assert.equal((r.html.match(/data-block-type="unknown"/g) ?? []).length, 2);
    assert.match(text, /Inside the grid/);
    // Breadcrumbs.
    assert.match(r.html, /<nav class="breadcrumbs" aria-label="Breadcrumbs">/);
  });

  test('table of contents: the page headings, linked to their anchors', async () => {
    const r = await page('/page');
    const toc = /<nav class="block toc" aria-label="On this page">([\s\S]*?)<\/nav>/.exec(r.html)?.[1];
    assert.ok(toc, 'toc block rendered');
    assert.match(toc, /<h2 class="toc-title">On this page<\/h2><ul>/);
    assert.match(toc, /<li class="toc-level-1"><a href="#section-heading">Section heading<\/a><\/li>/);
    assert.match(toc, /<a href="#a-heading-block">A heading block<\/a>/);
    assert.ok(toc.indexOf('section-heading') < toc.indexOf('a-heading-block'), 'in page order');
    // Bad `levels` data is ignored: the second toc lists every heading, untitled and ordered.
    assert.match(r.html, /<nav class="block toc" aria-label="Table of contents"><ol><li/);
  });

  test('listing batching: page 2 shows the next items', async () => {
    const text = mainText((await page('/page?listing-page=2')).html);
    assert.match(text, /News number 3/);
    assert.doesNotMatch(text, /News number 1 /);
  });

  test('folder listing', async () => {
    const r = await page('/news');
    assert.equal(r.status, 200);
    const text = mainText(r.html);
    assert.match(text, /News Folder/);
    for (const t of ['News number 1', 'News number 2', 'News number 3', 'Archive'])
      assert.match(text, new RegExp(t));
  });

  test('news item, event with dates and location, iCal download', async () => {
    assert.match(mainText((await page('/news/item1')).html), /News number 1 Summary of news 1/);
    const ev = await page('/meetup');
    const text = mainText(ev.html);
    assert.match(text, /Community Meetup/);
    assert.match(text, /May 17, 2030, 14:00 UTC/);
    assert.match(text, /Town Hall, Room 4/);
    assert.match(ev.html, /<time dateTime="2030-05-17T14:00:00\+00:00">/);
    assert.match(ev.html, /href="\/meetup\/ics_view"/);
    const ics = await fetch(`${site.url}/meetup/ics_view`);
    assert.equal(ics.status, 200);
    assert.match(ics.headers.get('content-type')!, /text\/calendar/);
    const body = await ics.text();
    assert.match(body, /BEGIN:VEVENT\r\n/);
    assert.match(body, /DTSTART:20300517T140000Z/);
    assert.match(body, /DTEND:20300517T173000Z/);
    assert.match(body, /LOCATION:Town Hall\\, Room 4/);
  });

  test('file and image', async () => {
    const file = await page('/report');
    assert.match(file.html, /href="\/report\/@@download\/file"[^>]*>Download report.txt/);
    const dl = await fetch(`${site.url}/report/@@download/file`);
    assert.equal(dl.status, 200);
    assert.equal(await dl.text(), 'hello file');
    const img = await page('/images/pic');
    const src = /<img src="([^"]+)"[^>]*alt="A picture"/.exec(img.html)?.[1];
    assert.ok(src, 'image view renders the image');
    const bin = await fetch(site.url + src);
    assert.equal(bin.status, 200);
    assert.match(bin.headers.get('content-type')!, /image\/png/);
  });

  test('link: anonymous visitors are redirected, editors see the link', async () => {
    const anon = await page('/elsewhere');
    assert.equal(anon.status, 302);
    assert.equal(anon.headers.get('location'), 'https://example.org/target');
    const cookie = await login(site.url);
    const editor = await page('/elsewhere', { cookie });
    assert.equal(editor.status, 200);
    assert.match(editor.html, /href="https:\/\/example.org\/target"/);
  });

  test('search', async () => {
    const r = await page('/search?SearchableText=news');
    assert.equal(r.status, 200);
    assert.match(mainText(r.html), /News number 2/);
    assert.match(r.html, /<input id="search-page-input" type="search" name="SearchableText" value="news"\/>/);
  });

  test('client navigation: /_data/<path> answers the page data as JSON, with the page cache headers', async () => {
    const r = await fetch(`${site.url}/_data/news`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^application\/json/);
    const body = await r.json();
    assert.equal(body.route, 'content');
    assert.equal(body.data.content.title, 'News Folder');
    assert.equal(body.root, undefined, 'the browser keeps its navigation');
    assert.match(r.headers.get('xkey')!, new RegExp(site.uids['/news/item1']!));
    assert.ok(r.headers.get('etag'));
    const missing = await fetch(`${site.url}/_data/nothing-here`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).route, 'error');
    // A Link sends anonymous visitors on: the router is told where.
    const link = await (await fetch(`${site.url}/_data/elsewhere`)).json();
    assert.match(link.redirect, /^https?:\/\//);
    const search = await (await fetch(`${site.url}/_data/search?SearchableText=news`)).json();
    assert.equal(search.route, 'search');
    assert.ok(search.data.total > 0);
  });

  test('the embedded page state cannot end its script element', async () => {
    const html = (await page('/page')).html;
    const state = /<script id="tessera-state" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(state, 'the page embeds its state');
    assert.doesNotMatch(state[1]!, /</, 'no "<" inside the JSON');
    assert.equal(JSON.parse(state[1]!).route, 'content');
  });

  test('RSS: folders and collections link a feed of their items', async () => {
    const folder = await page('/news');
    assert.match(
      folder.html,
      /<link rel="alternate" type="application\/rss\+xml" title="News Folder" href="\/news\/rss.xml">/,
    );
    const r = await fetch(`${site.url}/news/rss.xml`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /application\/rss\+xml/);
    assert.match(r.headers.get('xkey')!, new RegExp(site.uids['/news/item1']!));
    const xml = await r.text();
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
    assert.match(xml, /<channel>\n<title>News Folder<\/title>\n<link>http:\/\/127.0.0.1:\d+\/news<\/link>/);
    assert.match(
      xml,
      /<item><title>News number 1<\/title><link>http:\/\/127.0.0.1:\d+\/news\/item1<\/link><description>Summary of news 1<\/description><guid isPermaLink="false">[\w-]+<\/guid><pubDate>[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} [\d:]{8} GMT<\/pubDate><\/item>/,
    );
    const coll = await (await fetch(`${site.url}/latest/rss.xml`)).text();
    assert.equal((coll.match(/<item>/g) ?? []).length, 3);
    assert.match(coll, /<title>Latest News<\/title>/);
    assert.match((await page('/latest')).html, /href="\/latest\/rss.xml"/);
    // Documents have no feed; neither do paths that do not exist or are private.
    assert.doesNotMatch((await page('/page')).html, /application\/rss\+xml/);
    for (const path of ['/page/rss.xml', '/nothing/rss.xml', '/secret/rss.xml'])
      assert.equal((await fetch(site.url + path)).status, 404, path);
  });

  test("context navigation: the section's items on its pages, the current one marked", async () => {
    const r = await page('/news/item2');
    const nav = /<nav class="context-navigation" aria-label="In this section">([\s\S]*?)<\/nav>/.exec(
      r.html,
    )?.[1];
    assert.ok(nav, 'context navigation rendered');
    assert.match(nav, /<a href="\/news\/item1">News number 1<\/a>/);
    assert.match(nav, /<a href="\/news\/item2" aria-current="page">News number 2<\/a>/);
    assert.match(nav, /<a href="\/news\/archive">Archive<\/a>/);
    assert.doesNotMatch(nav, /Secret|Images/);
    // The site root is no section: no local navigation there.
    assert.doesNotMatch((await page('/')).html, /context-navigation/);
  });

  test('search facets: type and keywords with counts, published date range', async () => {
    const r = await page('/search?SearchableText=news');
    assert.match(r.html, /<option value="News Item">News Item \(3\)<\/option>/);
    assert.match(r.html, /<select id="search-subject" name="Subject">/);
    assert.match(r.html, /<option value="harbour">harbour \(2\)<\/option>/);
    assert.match(r.html, /<option value="council">council \(1\)<\/option>/);
    // A keyword alone is a search; only its items are listed.
    const kw = mainText((await page('/search?Subject=harbour')).html);
    assert.match(kw, /News number 1 .*News number 2/);
    assert.doesNotMatch(kw, /News number 3/);
    assert.match(kw, /2 results/);
    // Published in the last week: the fixture's items were published just now.
    const week = await page('/search?SearchableText=news&date=week&portal_type=News+Item');
    assert.match(mainText(week.html), /3 results/);
    assert.match(week.html, /<option value="week" selected="">In the last week<\/option>/);
    // Unknown facet values are ignored or simply match nothing; never an error page.
    for (const q of [
      'date=bogus&SearchableText=news',
      `Subject=${'x'.repeat(5000)}`,
      'portal_type=Nope&SearchableText=news',
    ]) {
      const bad = await page(`/search?${q}`);
      assert.equal(bad.status, 200, q);
    }
  });

  test('robots.txt and sitemap.xml (public items only)', async () => {
    const robots = await (await fetch(`${site.url}/robots.txt`)).text();
    assert.match(robots, /Sitemap: http:\/\/127.0.0.1:\d+\/sitemap.xml/);
    const xml = await (await fetch(`${site.url}/sitemap.xml`)).text();
    assert.match(xml, /<loc>http:\/\/127.0.0.1:\d+\/news\/item1<\/loc>/);
    assert.doesNotMatch(xml, /secret/);
  });
});

describe('errors and bad input', () => {
  test('unknown path: 404 page with status 404', async () => {
    const r = await page('/no/such/page');
    assert.equal(r.status, 404);
    assert.match(r.html, /<h1>Page not found<\/h1>/);
    assert.match(r.html, /<nav class="portal-tabs"/, 'the 404 page keeps the site navigation');
  });

  test('private content is not shown to anonymous visitors', async () => {
    const r = await page('/secret');
    assert.equal(r.status, 401);
    assert.doesNotMatch(r.html, /staff only/);
  });

  test('malformed percent-encoding is a 404, not a crash', async () => {
    const r = await page('/%E0%A4%A');
    assert.ok(r.status === 404 || r.status === 400, `status ${r.status}`);
  });

  test('API proxy: @id URLs point at the frontend, bodies stream both ways', async () => {
    const r = await fetch(`${site.url}/++api++/news`, { headers: { accept: 'application/json' } });
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.equal(body['@id'], `${site.url}/news`);
    const login = await fetch(`${site.url}/++api++/@login`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: 'wrong' }),
    });
    assert.equal(login.status, 401);
  });
});

describe('cache headers', () => {
  test('anonymous pages: Cache-Control, ETag, surrogate keys with every UID used', async () => {
    const r = await page('/page');
    assert.match(r.headers.get('cache-control')!, /public, .*stale-while-revalidate=/);
    const etag = r.headers.get('etag');
    assert.ok(etag);
    const keys = r.headers.get('xkey')!.split(' ');
    for (const path of ['/page', '/news/item1', '/news/item2'])
      assert.ok(keys.includes(site.uids[path]), `xkey has ${path}`);
    // The navigation's items too (from the backend's own keys on @navigation): a renamed tab purges every page.
    assert.ok(keys.includes(site.uids['/news']), 'xkey has the /news tab');
    assert.equal(keys[0], site.uids['/page'], 'the page itself first');
    assert.equal(r.headers.get('surrogate-key'), r.headers.get('xkey'));
    assert.equal(r.headers.get('cache-tag'), keys.join(','));
    const again = await fetch(`${site.url}/page`, { headers: { 'if-none-match': etag! } });
    assert.equal(again.status, 304);
  });

  test('folder pages list their items in the surrogate keys', async () => {
    const keys = (await page('/news')).headers.get('xkey')!.split(' ');
    assert.ok(keys.includes(site.uids['/news']));
    assert.ok(keys.includes(site.uids['/news/item3']));
  });

  test('logged-in pages are private, no-store; logout clears the cookie', async () => {
    const cookie = await login(site.url);
    const r = await page('/secret', { cookie });
    assert.equal(r.status, 200);
    assert.match(mainText(r.html), /Secret Plans/);
    assert.equal(r.headers.get('cache-control'), 'private, no-store');
    assert.equal(r.headers.get('xkey'), null);
    assert.match(r.html, /Logged in as admin/);
    const out = await fetch(`${site.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: site.url },
    });
    assert.equal(out.status, 303);
    assert.match(out.headers.getSetCookie().join('\n'), /auth_token=;.*HttpOnly; SameSite=Lax; Max-Age=0/);
  });

  test('a cross-site form post is refused', async () => {
    const r = await fetch(`${site.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'login=admin&password=x',
    });
    assert.equal(r.status, 403);
  });

  test('the login cookie is HttpOnly and SameSite=Lax', async () => {
    const r = await fetch(`${site.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.url },
      body: new URLSearchParams({ login: 'admin', password: 'many-secret-pw', came_from: '//evil.example' }),
    });
    assert.equal(r.status, 303, 'a form post is answered with See Other');
    assert.equal(r.headers.get('location'), '/', 'no open redirect');
    assert.match(r.headers.getSetCookie()[0], /^auth_token=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
  });
});
