// Stock Volto 18, unchanged, in its default `seamless` mode against
// `tessera serve`: the compatibility test that counts. ../shared/volto's
// smoke.ts drives it in headless Chromium: server-rendered home, client
// navigation to a section and a page, log in, add a page with a text block,
// view it, anonymous is refused, publish through the workflow menu, log out,
// anonymous sees it. (e2e/volto-editor.test.ts goes through the editing views.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempDirs } from '../packages/cli/test/temp-dirs.js';
import { ADMIN_PASSWORD, SHARED_VOLTO, startVoltoSite, type VoltoSite, voltoPage } from './lib/volto.js';

const tmp = tempDirs('tessera-volto-');
let site: VoltoSite;

before(async () => {
  // What smoke.ts expects to find: a section in the navigation and a published page.
  site = await startVoltoSite(join(tmp(), 'data'), async (api) => {
    await api('POST', '/', { id: 'about', ...voltoPage('About us', 'Who we are.') });
    await api('POST', '/about/@workflow/publish');
    await api('POST', '/about', { id: 'team', ...voltoPage('Our team', 'The people.') });
    await api('POST', '/about/team/@workflow/publish');
  });
});

after(() => site?.close());

test('stock Volto 18 (seamless mode) works unchanged against the backend: the ten smoke steps pass', () => {
  const shots = tmp();
  const smoke = spawnSync(
    join(SHARED_VOLTO, 'node_modules', '.bin', 'tsx'),
    ['smoke.ts', '--url', site.url, '--user', 'admin', '--password', ADMIN_PASSWORD, '--shots', shots],
    { cwd: SHARED_VOLTO, encoding: 'utf8', timeout: 8 * 60_000, env: process.env },
  );
  const out = `${smoke.stdout}\n${smoke.stderr}`;
  const counts = /(\d+) passed, (\d+) failed/.exec(out);
  assert.ok(counts, `smoke.ts printed no result:\n${out}`);
  const failed = out.split('\n').filter((l) => l.startsWith('FAIL'));
  assert.deepEqual(failed, [], `failing steps:\n${out}`);
  assert.equal(Number(counts[1]), 10, out);
  for (const step of ['navigate-folder', 'add-page', 'publish', 'anonymous-sees-published'])
    assert.match(out, new RegExp(`^PASS ${step} `, 'm'));
});
