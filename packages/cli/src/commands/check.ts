import { loadConfig } from '@tessera/core';
import { blobDirOf, checkIntegrity, describeCheck, openStorage } from '@tessera/storage';
import { configFlags, parse } from '../args.js';

const HELP = `Usage: tessera check [--checksums] [--data DIR] [--db URL] [--config FILE]

Verifies the site's storage and lists what is damaged: objects whose parent
is missing or whose path does not match it, catalog entries missing or left
over, blobs that objects, revisions, users or image scales refer to but that
are missing or of the wrong size (--checksums also re-hashes their contents),
history that names missing transactions. Relations to deleted objects are
listed as warnings (Plone keeps those too). Reads only; safe while the site runs.

Exit status: 0 when no errors were found (warnings may be listed), 1 otherwise.
See docs/packing.md.
`;

export async function check(argv: string[]): Promise<number> {
  const { values } = parse(argv, { checksums: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig({ file: values.config, flags: configFlags(values) });
  const where = { db: config.db, dataDir: config.data, blobDir: config.blobDir };
  const storage = openStorage(where);
  try {
    // Read only: no migrations (a server applies them on start).
    const created = await storage.read((tx) => tx.getSetting<boolean>('site_created')).catch(() => false);
    if (!created) {
      process.stderr.write('tessera check: no site here; run `tessera init` first.\n');
      return 1;
    }
    const result = await checkIntegrity(
      { db: storage.db, caps: storage.caps, blobDir: blobDirOf(where) },
      { checksums: values.checksums === true },
    );
    process.stdout.write(describeCheck(result));
    return result.problems.some((p) => p.level === 'error') ? 1 : 0;
  } finally {
    await storage.close();
  }
}
