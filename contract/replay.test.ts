// Replays Tessera's golden HTTP exchanges (contract/exchanges/<story>/*.req)
// against a fresh in-process site per story and compares every response with
// its .resp. Never rewrites the files: re-record with contract/record.ts.
import assert from 'node:assert/strict';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD, startSite, type TestSite } from '../packages/api/test/harness.js';
import { formatDiffs } from './lib/match.js';
import { compare, loadStories, newScope, perform, readRequest, readResponse } from './lib/stories.js';

const here = dirname(fileURLToPath(import.meta.url));
const stories = loadStories(join(here, 'exchanges'));

test('there are golden exchanges to replay', () => {
  assert.ok(stories.length > 0 && stories.every((s) => s.exchanges.length > 0), 'no exchanges found');
});

for (const story of stories) {
  describe(`story ${story.name}`, () => {
    let site: TestSite;
    const scope = newScope(ADMIN_PASSWORD);
    before(async () => {
      site = await startSite();
    });
    after(() => site.close());

    for (const ex of story.exchanges) {
      test(ex.file, async () => {
        const req = readRequest(ex);
        const expected = readResponse(ex);
        const actual = await perform(site.app, req, scope);
        // Kept even when this one fails, so later exchanges report their own differences.
        scope.exchanges.set(ex.name, actual);
        assert.ok(
          expected,
          `${relative(process.cwd(), ex.respPath)} is missing; record it with node --import tsx contract/record.ts`,
        );
        const diffs = compare(expected, actual, scope);
        if (diffs.length) {
          assert.fail(
            [
              `${story.name}/${ex.file}: ${req.method} ${req.target} differs from ${relative(process.cwd(), ex.respPath)}`,
              formatDiffs(diffs),
              `(if the change is intended: node --import tsx contract/record.ts ${ex.file}, then review the diff)`,
            ].join('\n'),
          );
        }
      });
    }
  });
}
