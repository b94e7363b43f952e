import { rotateSecret } from '@tessera/api';
import { loadConfig } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import { configFlags, parse } from '../args.js';

const HELP = `Usage: tessera rotate-jwt-secret [--grace SECONDS] [--data DIR] [--db URL] [--config FILE]

Writes a new JWT signing secret. Tokens signed with the old one stay valid
for the grace period (default: the jwtSecretGrace setting); --grace 0 ends
them at once (for a leaked secret). Running processes switch keys on their
next request; no restart is needed.
`;

export async function rotateJwtSecret(argv: string[]): Promise<number> {
  const { values } = parse(argv, { grace: { type: 'string' } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig({ file: values.config, flags: configFlags(values) });
  const grace = values.grace === undefined ? config.jwtSecretGrace : Number(values.grace);
  if (!Number.isSafeInteger(grace) || grace < 0) {
    process.stderr.write('tessera rotate-jwt-secret: --grace must be a whole number of seconds\n');
    return 2;
  }
  const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
  try {
    await storage.migrate();
    const created = await storage.read((tx) => tx.getSetting<boolean>('site_created'));
    if (!created) {
      process.stderr.write('tessera rotate-jwt-secret: no site here; run `tessera init` first.\n');
      return 1;
    }
    const until = await storage.write({ principal: null, note: 'JWT secret rotated' }, (tx) =>
      rotateSecret(tx, grace),
    );
    process.stdout.write(
      grace > 0
        ? `Rotated. Tokens signed before stay valid until ${until}.\n`
        : 'Rotated. Earlier tokens are invalid.\n',
    );
    return 0;
  } finally {
    await storage.close();
  }
}
