// A logged-in editor in headless Chromium on a Volto site (lib/volto.ts),
// with every backend answer of 400 and above that Volto meets recorded
// against the step the test is at.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ADMIN_PASSWORD } from './volto.js';

const CHROMIUM = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium';
export const TIMEOUT = 20_000;

export interface VoltoSession {
  browser: Browser;
  page: Page;
  /** "<step>: <status> <method> <path>" for each backend error met. */
  apiErrors: string[];
  /** Names the step that later errors are filed under. */
  step(name: string): void;
  /** Loads a path of the Volto site and waits for the network to settle. */
  visit(path: string, step?: string): Promise<void>;
  close(): Promise<void>;
}

export async function editorSession(voltoUrl: string): Promise<VoltoSession> {
  assert.ok(existsSync(CHROMIUM), `chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const apiErrors: string[] = [];
  let current = 'login';
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/++api++') && r.status() >= 400)
      apiErrors.push(`${current}: ${r.status()} ${r.request().method()} ${u.pathname}${u.search}`);
  });
  await page.goto(`${voltoUrl}/login`);
  await page.locator('#login').fill('admin');
  await page.locator('#password').fill(ADMIN_PASSWORD);
  await page.locator('#login-form-submit').click();
  await page.waitForFunction(() => document.cookie.includes('auth_token='), undefined, { timeout: TIMEOUT });
  return {
    browser,
    page,
    apiErrors,
    step(name) {
      current = name;
    },
    async visit(path, step = path) {
      current = step;
      await page.goto(`${voltoUrl}${path}`);
      await page.waitForLoadState('networkidle', { timeout: TIMEOUT }).catch(() => undefined);
    },
    close: () => browser.close(),
  };
}
