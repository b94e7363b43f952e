// Stock Volto 18's Site Setup panels that call the site-administration
// endpoints (docs/site-admin.md): Content Types (list, one type's settings,
// adding a type), Upgrade, Database, Undo and Add-ons open and show
// Tessera's answers; no call Volto makes on the way meets a 4xx/5xx.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { tempDirs } from '../packages/cli/test/temp-dirs.js';
import { startVoltoSite, type VoltoSite, voltoPage } from './lib/volto.js';
import { editorSession, TIMEOUT, type VoltoSession } from './lib/volto-session.js';

const tmp = tempDirs('tessera-volto-site-admin-');
let site: VoltoSite;
let session: VoltoSession;
let page: Page;

before(async () => {
  site = await startVoltoSite(join(tmp(), 'data'), async (api) => {
    await api('POST', '/', { id: 'about', ...voltoPage('About us', 'Who we are.') });
  });
  session = await editorSession(site.url);
  page = session.page;
});

after(async () => {
  await session?.close();
  await site?.close();
});

const visit = (path: string, name?: string) => session.visit(path, name);

const shows = (text: string) => page.getByText(text, { exact: false }).first().waitFor({ timeout: TIMEOUT });

test('Site Setup lists the Content Types panel', async () => {
  await visit('/controlpanel');
  await page.locator('a[href="/controlpanel/dexterity-types"]').first().waitFor({ timeout: TIMEOUT });
});

test('the Content Types panel lists the types and opens one', async () => {
  await visit('/controlpanel/dexterity-types');
  await shows('News Item');
  await visit('/controlpanel/dexterity-types/Document');
  await page.locator('input#field-title').first().waitFor({ timeout: TIMEOUT });
  assert.equal(await page.locator('input#field-title').first().inputValue(), 'Page');
});

test('a type added through the API shows in the panel and its settings form', async () => {
  session.step('add type');
  await site.api('POST', '/@controlpanels/dexterity-types', { title: 'Recipe', description: 'A dish' });
  await visit('/controlpanel/dexterity-types');
  await shows('Recipe');
  await visit('/controlpanel/dexterity-types/recipe');
  await page.locator('input#field-title').first().waitFor({ timeout: TIMEOUT });
  assert.equal(await page.locator('input#field-title').first().inputValue(), 'Recipe');
});

test('saving the settings form sends what Volto has, and the backend takes it', async () => {
  session.step('save type settings');
  const title = page.locator('input#field-title').first();
  await title.fill('Kitchen Recipe');
  await page.getByRole('button', { name: 'Save' }).first().click();
  const deadline = Date.now() + TIMEOUT;
  let saved = '';
  while (Date.now() < deadline) {
    saved = (await site.api('GET', '/@controlpanels/dexterity-types/recipe')).title;
    if (saved === 'Kitchen Recipe') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(saved, 'Kitchen Recipe');
  const data = (await site.api('GET', '/@controlpanels/dexterity-types/recipe')).data;
  // Volto sent the whole form back: the behaviors and the filter are as they were.
  assert.equal(data['plone.dublincore'], true);
  assert.equal(data.filter_content_types, true);
  assert.deepEqual(data.allowed_content_types, []);
});

test('a type added with Volto’s own add form', async () => {
  await visit('/controlpanel/dexterity-types');
  session.step('add type in Volto');
  await page.locator('#toolbar-add').click();
  const modal = page.locator('.modal');
  await modal.locator('input#field-title').fill('Menu Card');
  await modal.getByRole('button', { name: 'Save' }).click();
  await shows('Menu Card');
  const added = await site.api('GET', '/@controlpanels/dexterity-types/menu_card');
  assert.equal(added.title, 'Menu Card');
});

test('an unused type is deleted from Volto’s list', async () => {
  session.step('delete type in Volto');
  await page.locator('.actions-menu_card').click();
  await page.locator('.actions-menu_card .menu .item').filter({ hasText: 'Delete' }).click();
  await page.getByRole('button', { name: 'Yes' }).click();
  const deadline = Date.now() + TIMEOUT;
  let gone = false;
  while (!gone && Date.now() < deadline) {
    const list = await site.api('GET', '/@controlpanels/dexterity-types');
    gone = !list.items.some((t: { id: string }) => t.id === 'menu_card');
    if (!gone) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(gone, 'menu_card is gone');
});

test('the Upgrade, Database, Undo and Add-ons panels open', async () => {
  await visit('/controlpanel/plone-upgrade');
  await shows('Your site is up to date.');
  await visit('/controlpanel/database');
  await shows('tessera.db');
  await visit('/controlpanel/undo');
  await visit('/controlpanel/addons');
  // Every view above, and every step before, met no backend error.
  assert.deepEqual(session.apiErrors, []);
});
