import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ops } from '@tessera/storage';
import { parse } from '../args.js';
import { progress, reported, usage } from './ops-common.js';

const HELP = `Usage: tessera convert --from SOURCE --to TARGET [--from-blob-dir DIR] [--to-blob-dir DIR]

Copies a whole site — content with its history, users, settings, catalog
and blobs — from one storage into another, EMPTY one, then verifies every
table's row count and checksum and every blob's sha256 on the target.

SOURCE and TARGET are each one of
  postgres://user:pw@host/db      PostgreSQL
  mysql://user:pw@host/db         MariaDB / MySQL (mariadb:// too)
  sqlite:/path/tessera.db         SQLite (blobs in /path/blobs)
  /path/to/data-dir               SQLite at DIR/tessera.db, blobs in DIR/blobs

  --from-blob-dir DIR   the source's blob directory (PostgreSQL/MariaDB set
                        up with one; SQLite: instead of the default)
  --to-blob-dir DIR     keep the target's blobs as files here (PostgreSQL/
                        MariaDB: else in the database)
  --quiet               no progress lines on stderr

Stop the servers writing to SOURCE first: the copy is one consistent
snapshot, and later writes are not in it. See docs/backup.md.
`;

function place(spec: string, blobDir: string | undefined): ops.Endpoint {
  if (/^[a-z]+:/.test(spec)) {
    const file = spec.startsWith('sqlite:') ? spec.slice('sqlite:'.length).replace(/^\/\//, '') : undefined;
    return ops.endpoint({ db: spec, dataDir: file ? dirname(file) : '', blobDir });
  }
  if (existsSync(spec) && !statSync(spec).isDirectory())
    throw new ops.OpsError(`"${spec}" is a file: give a data directory, or sqlite:${spec}`, 2);
  return ops.endpoint({ db: `sqlite:${join(spec, 'tessera.db')}`, dataDir: spec, blobDir });
}

export async function convertCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    from: { type: 'string' },
    to: { type: 'string' },
    'from-blob-dir': { type: 'string' },
    'to-blob-dir': { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.from || !values.to) return usage('convert', '--from and --to are required', HELP);
  if (values.data !== undefined || values.db !== undefined || values.config !== undefined)
    return usage('convert', 'convert takes --from and --to, not --data, --db or --config', HELP);
  return reported('convert', async () => {
    const from = place(values.from!, values['from-blob-dir']);
    const to = place(values.to!, values['to-blob-dir']);
    if (from.sqliteFile && !existsSync(from.sqliteFile))
      throw new ops.OpsError(`no site at ${from.sqliteFile}`, 2);
    const onProgress = progress(values.quiet);
    onProgress?.(`${from.label} → ${to.label}`);
    const result = await ops.convert(from, to, { onProgress });
    const rows = Object.values(result.tables).reduce((n, t) => n + t.rows, 0);
    process.stdout.write(
      `Converted ${from.label} → ${to.label}: ${Object.keys(result.tables).length} tables, ${rows} rows, ${result.blobs} blobs, up to transaction ${result.lastTid}; verified.\n`,
    );
    return 0;
  });
}
