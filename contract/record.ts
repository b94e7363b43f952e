// Re-records the expected .resp files from live responses:
//
//   node --import tsx contract/record.ts                 # every story
//   node --import tsx contract/record.ts content 07_     # stories or exchange files matching
//   node --import tsx contract/record.ts --fresh         # ignore the matchers already in the files
//
// Every story still runs whole (later exchanges depend on earlier ones); only
// the selected files are written. Volatile values become placeholders (UIDs,
// dates, tokens, ETags, the site URL); a value or header that the existing
// file already matches is left as written, so hand-made matchers survive.
// Review the diff before committing: a recording is only as right as the server.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD, startSite } from '../packages/api/test/harness.js';
import { formatResponse } from './lib/http-file.js';
import { type RecordState, recordResponse } from './lib/normalize.js';
import { BASE, loadStories, newScope, perform, readRequest, readResponse } from './lib/stories.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const fresh = args.includes('--fresh');
const filters = args.filter((a) => !a.startsWith('--'));
const selected = (story: string, file: string) =>
  filters.length === 0 || filters.some((f) => story === f || file.includes(f));

let written = 0;
let unchanged = 0;
for (const story of loadStories(join(here, 'exchanges'))) {
  if (!story.exchanges.some((ex) => selected(story.name, ex.file))) continue;
  const site = await startSite();
  try {
    const scope = newScope(ADMIN_PASSWORD);
    const state: RecordState = { base: BASE, uidSources: new Map() };
    for (const ex of story.exchanges) {
      const actual = await perform(site.app, readRequest(ex), scope);
      const existing = fresh ? undefined : readResponse(ex);
      const text = formatResponse(recordResponse(actual, ex.name, state, scope, existing));
      scope.exchanges.set(ex.name, actual);
      if (!selected(story.name, ex.file)) continue;
      if (actual.status >= 500) console.warn(`! ${story.name}/${ex.file}: status ${actual.status}`);
      let before = '';
      try {
        before = readFileSync(ex.respPath, 'utf8');
      } catch {}
      if (before === text) {
        unchanged++;
        continue;
      }
      writeFileSync(ex.respPath, text);
      written++;
      console.log(`wrote ${relative(process.cwd(), ex.respPath)} (${actual.status})`);
    }
  } finally {
    await site.close();
  }
}
console.log(`${written} written, ${unchanged} unchanged`);
