// Replays plone.restapi's documented examples from ../shared/conformance
// against a live backend, for the families that pass in full, at the site
// root and mounted under /Plone (with JWT auth). A regression turns CI red.
// The examples were recorded on a classic Plone site (no Volto blocks), so
// these sites are created with the 'classic' distribution.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD, startSite } from './harness.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const RUNNER = fileURLToPath(new URL('../../../../shared/conformance/src/run.ts', import.meta.url));

/** Families that pass in full; examples listed in KNOWN_GAPS are left out until their feature lands. */
const FAMILIES = [
  'content',
  'content-types',
  'types',
  'expansion',
  'auth',
  'site',
  'system',
  'workflow',
  'sharing',
  'controlpanels',
  'registry',
  'navroot',
  'inherit',
  'users',
  'groups',
  'principals',
  'roles',
  'userschema',
  'portrait',
  'search',
  'querystring',
  'querystringsearch',
  'navigation',
  'breadcrumbs',
  'vocabularies',
  'sources',
  'tus',
  'workingcopy',
  'linkintegrity',
  'relations',
  'history',
  'locking',
  'copymove',
  'aliases',
  'multilingual',
  'comments',
  'controlpanels-rules',
  'rules',
  'controlpanels-dexterity',
  'upgrade',
];
const KNOWN_GAPS = [
  // The recording's comments were made without an author (null author_name
  // and author_username); the fixture posts them as admin, and Plone, as
  // Tessera, then records admin as the author (the fixture's `relax` compares
  // types, and null is not a string).
  'comments_get',
  // Recorded with plone.restapi's test-only types (DXTestDocument,
  // ATTestDocument…), Spanish type titles, and one example that sends the
  // same request as another but expects a different answer
  // (docs/vocabularies.md).
  'vocabularies_get',
  'vocabularies_get_filtered',
  'vocabularies_get_filtered_by_title',
  'vocabularies_get_sorted_by_title',
  'querysources_get',
  // The recorded listings count Plone's ~3000 registry records (its add-ons'
  // and 4 Products.CMFPlone date-format overrides); Tessera's registry holds
  // only the records it acts on (docs/decisions/0008-settings.md).
  'registry_get_list',
  'registry_get_list_filtered',
  // Recorded on a layer with versioning off for Document (the fixture says
  // so): its Document has no changeNote / versioning_enabled, which Plone's
  // and Tessera's default Document has (docs/working-copy.md).
  'workingcopy_baseline_get',
  'workingcopy_wc_get',
];

// plone.app.multilingual's examples need a multilingual site (the language
// roots exist before the run), and the others a plain one.
const MULTILINGUAL = { families: ['multilingual'], languages: 'en,de,es,fr' };
const KNOWN_MULTILINGUAL_GAPS = [
  // Lists /fr, which the runner counts as pre-existing and leaves out, and
  // was recorded with no workflow state on it (docs/multilingual.md).
  'site_get_expand_navroot',
];

async function replay(siteOpts: Record<string, unknown>, root: string, auth: 'basic' | 'jwt') {
  const multilingual = siteOpts.multilingual !== undefined;
  const families = FAMILIES.filter((f) => MULTILINGUAL.families.includes(f) === multilingual);
  const gaps = multilingual ? KNOWN_MULTILINGUAL_GAPS : KNOWN_GAPS;
  assert.ok(
    existsSync(RUNNER),
    `the conformance runner is missing at ${RUNNER} (../shared must sit beside the repo)`,
  );
  const s = await startSite(siteOpts);
  try {
    const address = await s.app.listen({ port: 0, host: '127.0.0.1' });
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    // Asynchronously: this process's event loop serves the runner's requests.
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          RUNNER,
          '--base-url',
          address,
          '--root',
          root,
          '--user',
          'admin',
          '--password',
          ADMIN_PASSWORD,
          '--auth',
          auth,
          '--family',
          families.join(','),
          '--example',
          `^(?!(${gaps.join('|')})$)`,
        ],
        { cwd: REPO, env },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d;
      });
      child.stderr.on('data', (d: Buffer) => {
        out += d;
      });
      child.on('exit', (code: number | null) => resolve({ code, out }));
    });
    const last = result.out.trim().split('\n').pop() ?? '';
    assert.match(last, /^\d+ passed, 0 failed/, result.out);
    assert.equal(result.code, 0, result.out);
    const passed = Number(/^(\d+) passed/.exec(last)?.[1]);
    assert.ok(passed >= (multilingual ? 11 : 30), `expected more examples to run, got ${passed}`);
  } finally {
    await s.close();
  }
}

test('plone.restapi conformance at the site root (HTTP Basic)', { timeout: 180_000 }, async () => {
  await replay({ distribution: 'classic' }, '/', 'basic');
});

test('plone.restapi conformance of a multilingual site', { timeout: 180_000 }, async () => {
  await replay({ distribution: 'classic', multilingual: MULTILINGUAL.languages }, '/', 'basic');
});

test('plone.restapi conformance with the site mounted at /Plone (JWT)', { timeout: 180_000 }, async () => {
  await replay({ distribution: 'classic', sitePath: '/Plone' }, '/Plone', 'jwt');
});
