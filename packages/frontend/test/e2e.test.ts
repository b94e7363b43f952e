// End to end in a real browser (Debian's chromium driven by playwright-core):
// the server-rendered site hydrates, navigates on the client, logs in and out,
// logs no console errors, and axe-core finds no serious accessibility issue.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ADMIN_PASSWORD } from '../../cli/test/http.js';
import { startSite, type TestSite } from './site.js';

const CHROMIUM = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let site: TestSite;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

before(async () => {
  // Not a skip: CI installs chromium (.ci/run), so its absence is a broken setup.
  assert.ok(existsSync(CHROMIUM), `chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  [site, browser] = await Promise.all([
    startSite(),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS }),
  ]);
  page = await browser.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function hydrated() {
  // The client router marks the document once it has taken over the page.
  await page.waitForFunction(() => document.documentElement.dataset.router === 'ready');
}

async function axeSerious(): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations: { id: string; impact: string; nodes: unknown[] }[] = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n: any) => n.target),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes)}`);
}

test('home renders, hydrates, navigates on the client', async () => {
  await page.goto(site.url);
  assert.equal(await page.textContent('main h1'), 'Site');
  await hydrated();
  await page.evaluate(() => {
    (window as any).__sameDocument = true;
  });
  await page.click('nav.portal-tabs >> text=Images');
  await page.waitForURL(`${site.url}/images`);
  await page.waitForSelector('main h1:text("Images")');
  assert.equal(await page.evaluate(() => (window as any).__sameDocument), true, 'no full page load');
  await page.goBack();
  await page.waitForSelector('main h1:text("Site")');
});

test('content types open in the browser', async () => {
  for (const [path, text] of [
    ['/page', 'Block Showcase'],
    ['/news', 'News Folder'],
    ['/news/item1', 'News number 1'],
    ['/meetup', 'Community Meetup'],
    ['/report', 'Annual report'],
  ]) {
    await page.goto(site.url + path);
    assert.equal(await page.textContent('main h1'), text, path);
  }
  // The video loads only on request.
  await page.goto(`${site.url}/page`);
  await hydrated();
  assert.equal(await page.locator('iframe').count(), 0);
});

test('search from the header', async () => {
  await page.goto(site.url);
  await hydrated();
  await page.evaluate(() => {
    (window as any).__sameDocument = true;
  });
  await page.fill('#search-input', 'meetup');
  await page.press('#search-input', 'Enter');
  await page.waitForURL(/\/search\?SearchableText=meetup/);
  await page.waitForSelector('main .listing-title', { timeout: 5000 }).catch(async () => {
    throw new Error(`search page: ${page.url()} ${await page.textContent('main')}`);
  });
  assert.match((await page.textContent('main .listing'))!, /Community Meetup/);
  assert.equal(
    await page.evaluate(() => (window as any).__sameDocument),
    true,
    'the form was routed on the client',
  );
  assert.equal(await page.title(), 'Search', 'the head follows the navigation');
});

test('log in and log out', async () => {
  await page.goto(`${site.url}/secret`);
  assert.equal(await page.textContent('main h1'), 'Login required');
  await page.goto(`${site.url}/login?came_from=/secret`);
  await hydrated();
  await page.fill('#login', 'admin');
  await page.fill('#password', ADMIN_PASSWORD);
  await page.click('main button[type=submit]');
  await page.waitForURL(`${site.url}/secret`);
  await page.waitForSelector('main h1:text("Secret Plans")');
  assert.match((await page.textContent('.personal-menu'))!, /Logged in as admin/);
  const cookies = await page.context().cookies();
  const token = cookies.find((c) => c.name === 'auth_token');
  assert.ok(token?.httpOnly, 'auth cookie is HttpOnly');
  await page.click('.personal-menu button');
  await page.waitForSelector('a.login-link');
  assert.equal(
    (await page.context().cookies()).find((c) => c.name === 'auth_token'),
    undefined,
  );
});

test('axe-core: no serious or critical violations', async () => {
  for (const path of [
    '/',
    '/page',
    '/news',
    '/news/item2',
    '/latest',
    '/meetup',
    '/images/pic',
    '/report',
    '/search?SearchableText=news',
    '/search?Subject=harbour&date=year',
    '/login',
    '/no-such-page',
  ]) {
    await page.goto(site.url + path);
    assert.deepEqual(await axeSerious(), [], `axe on ${path}`);
  }
});

test('table of contents: a link scrolls to its heading without a navigation', async () => {
  await page.goto(`${site.url}/page`);
  await hydrated();
  await page.evaluate(() => {
    (window as any).__sameDocument = true;
  });
  await page.click('nav.toc >> text=A heading block');
  await page.waitForURL(`${site.url}/page#a-heading-block`);
  assert.equal(await page.evaluate(() => (window as any).__sameDocument), true);
  assert.ok(await page.locator('#a-heading-block').isVisible());
});

test('search facets: choosing a keyword narrows the results', async () => {
  await page.goto(`${site.url}/search?SearchableText=news`);
  await hydrated();
  await page.selectOption('#search-subject', 'council');
  await page.click('main form.search-form button[type=submit]');
  await page.waitForURL(/Subject=council/);
  await page.waitForSelector('main p[aria-live]:text("1 results")');
  assert.match((await page.textContent('main .listing'))!, /News number 3/);
});

test('context navigation: moving within a section on the client', async () => {
  await page.goto(`${site.url}/news/item1`);
  await hydrated();
  await page.click('nav.context-navigation >> text=News number 3');
  await page.waitForSelector('main h1:text("News number 3")');
  assert.equal(
    await page.getAttribute('nav.context-navigation a[href="/news/item3"]', 'aria-current'),
    'page',
  );
});

test('Lighthouse-style metrics: LCP and CLS of the home and a document page', async (t) => {
  for (const path of ['/', '/page']) {
    await page.goto(site.url + path, { waitUntil: 'load' });
    const m: { lcp: number; cls: number; fcp: number; ttfb: number } = await page.evaluate(
      () =>
        new Promise((resolve) => {
          let lcp = 0;
          let cls = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) lcp = e.startTime;
          }).observe({ type: 'largest-contentful-paint', buffered: true });
          new PerformanceObserver((list) => {
            for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) cls += e.value;
          }).observe({ type: 'layout-shift', buffered: true });
          // Let hydration and late layout shifts happen before reading.
          setTimeout(() => {
            const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
            const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
            resolve({ lcp, cls, fcp, ttfb: nav.responseStart });
          }, 1000);
        }),
    );
    t.diagnostic(
      `${path}: LCP ${m.lcp.toFixed(0)} ms, CLS ${m.cls.toFixed(3)}, FCP ${m.fcp.toFixed(0)} ms, TTFB ${m.ttfb.toFixed(0)} ms`,
    );
    // Lighthouse's "good" thresholds; loopback and a loaded CI machine stay well inside them.
    assert.ok(m.lcp > 0 && m.lcp < 2500, `${path}: LCP ${m.lcp}`);
    assert.ok(m.cls < 0.1, `${path}: CLS ${m.cls}`);
  }
});

test('keyboard: the skip link is the first stop and moves focus to main', async () => {
  await page.goto(site.url);
  await hydrated();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content');
});

test('no console errors on any page visited', () => {
  // The 401 and 404 pages answer with those statuses on purpose; the browser logs them.
  const unexpected = consoleErrors.filter((e) => !/status of (401|404)/.test(e));
  assert.deepEqual(unexpected, []);
});
