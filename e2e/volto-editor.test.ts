// An editor's day in stock Volto 18 (seamless mode) against `tessera serve`,
// beyond smoke.ts's ten steps: the server-rendered edit form, folder contents,
// editing a field and saving, history, sharing, uploading an image, search
// and URL management. Every call Volto makes to the backend is watched: an
// editor's views must not meet a 4xx/5xx.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { tempDirs } from '../packages/cli/test/temp-dirs.js';
import { startVoltoSite, type VoltoSite, voltoPage } from './lib/volto.js';
import { editorSession, TIMEOUT, type VoltoSession } from './lib/volto-session.js';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const tmp = tempDirs('tessera-volto-editor-');
let site: VoltoSite;
let session: VoltoSession;
let page: Page;

before(async () => {
  site = await startVoltoSite(join(tmp(), 'data'), async (api) => {
    await api('POST', '/', { id: 'about', ...voltoPage('About us', 'Who we are.') });
    await api('POST', '/about/@workflow/publish');
    await api('POST', '/about', { id: 'team', ...voltoPage('Our team', 'The people behind it.') });
    await api('POST', '/about', { id: 'history', ...voltoPage('Our history', 'Since 1999.') });
  });
  session = await editorSession(site.url);
  page = session.page;
});

after(async () => {
  await session?.close();
  await site?.close();
});

const visit = (path: string, name?: string) => session.visit(path, name);

const text = (selector: string) => page.locator(selector).first().textContent({ timeout: TIMEOUT });

test('the edit form is rendered on the server for the logged-in editor, with links on Volto’s own origin', async () => {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'auth_token');
  assert.ok(cookie);
  const res = await fetch(`${site.url}/about/edit`, { headers: { cookie: `auth_token=${cookie.value}` } });
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.doesNotMatch(html, /<h1[^>]*>(Forbidden|Unauthorized)/, 'Volto refused its own editor');
  // @id URLs the server-side renderer could not flatten would leave absolute links to another origin.
  const hrefs = [...html.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  const foreign = hrefs.filter(
    (h) => /^https?:\/\/(localhost|127\.0\.0\.1)\b/.test(h) && !h.startsWith(site.url),
  );
  assert.deepEqual(foreign, [], 'links off Volto’s origin');
  assert.ok(hrefs.includes('/about'), `the navigation links /about: ${hrefs.join(' ')}`);
});

test('folder contents lists the children of a page', async () => {
  await visit('/about/contents', 'contents');
  for (const title of ['Our team', 'Our history'])
    await page.getByRole('link', { name: title }).first().waitFor({ timeout: TIMEOUT });
});

test('editing a field in the sidebar and saving changes the content', async () => {
  await visit('/about/team/edit', 'edit');
  const description = page.locator('#field-description');
  await description.waitFor({ timeout: TIMEOUT });
  await description.fill('The people who make it.');
  await page.locator('#toolbar-save').click();
  await page.waitForURL((u) => u.pathname === '/about/team', { timeout: TIMEOUT });
  const team = await site.api('GET', '/about/team');
  assert.equal(team.description, 'The people who make it.');
  // Volto unlocks (DELETE @lock) on its own after the save: wait for it.
  const deadline = Date.now() + TIMEOUT;
  while ((await site.api('GET', '/about/team')).lock.locked && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal((await site.api('GET', '/about/team')).lock.locked, false, 'saving unlocks');
});

test('history lists the edit', async () => {
  await visit('/about/team/historyview', 'history');
  await page.getByText('Edited').first().waitFor({ timeout: TIMEOUT });
  assert.match((await text('.history, #page-history, main')) ?? '', /Create/);
});

test('sharing: giving logged-in users "Can view" is stored', async () => {
  await visit('/about/team/sharing', 'sharing');
  const row = page.locator('tr', { hasText: 'Logged-in users' });
  await row.waitFor({ timeout: TIMEOUT });
  // Columns follow @sharing's available_roles; Reader is "Can view".
  const header = await page.locator('th').allTextContents();
  const col = header.findIndex((h) => /can view/i.test(h));
  assert.ok(col > 0, `no "Can view" column: ${header.join('|')}`);
  await row.locator('td').nth(col).locator('.checkbox, input').first().click();
  session.step('sharing-save');
  await page.locator('#toolbar-save, button[aria-label="Save"], button[title="Save"]').first().click();
  await page.waitForLoadState('networkidle', { timeout: TIMEOUT }).catch(() => undefined);
  const sharing = await site.api('GET', '/about/team/@sharing');
  const loggedIn = sharing.entries.find((e: { id: string }) => e.id === 'AuthenticatedUsers');
  assert.equal(loggedIn?.roles?.Reader, true, JSON.stringify(loggedIn));
});

test('adding an image through Volto’s form uploads it, with scales', async () => {
  await visit('/about/add?type=Image', 'add-image');
  await page.locator('#field-title').fill('Team photo');
  await page.locator('input[type="file"]').first().setInputFiles({
    name: 'photo.png',
    mimeType: 'image/png',
    buffer: PNG,
  });
  await page.locator('#toolbar-save').click();
  await page.waitForURL((u) => u.pathname.startsWith('/about/') && !u.pathname.endsWith('/add'), {
    timeout: TIMEOUT,
  });
  const id = new URL(page.url()).pathname.split('/').pop();
  const image = await site.api('GET', `/about/${id}`);
  assert.equal(image['@type'], 'Image');
  assert.equal(image.image['content-type'], 'image/png');
  assert.ok(image.image.scales, 'image scales are listed');
});

test('search finds a page by its text', async () => {
  await visit('/search?SearchableText=behind', 'search');
  await page.getByRole('link', { name: 'Our team' }).first().waitFor({ timeout: TIMEOUT });
});

test('URL management, links to the item and the control panels open without a backend error', async () => {
  for (const path of [
    '/about/aliases',
    '/about/links-to-item',
    '/controlpanel',
    '/controlpanel/users',
    '/controlpanel/navigation',
    '/controlpanel/relations',
  ])
    await visit(path, path);
  // Every view above, and every step before, met no backend error.
  assert.deepEqual(session.apiErrors, []);
});
