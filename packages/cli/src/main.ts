// Dispatches `tessera <command> [flags]`; one file per command in commands/.
import { ConfigError } from '@tessera/core';
import { backupCommand } from './commands/backup.js';
import { check } from './commands/check.js';
import { convertCommand } from './commands/convert.js';
import { frontend } from './commands/frontend.js';
import { init } from './commands/init.js';
import { pack } from './commands/pack.js';
import { restoreCommand } from './commands/restore.js';
import { rotateJwtSecret } from './commands/rotate-jwt-secret.js';
import { serve } from './commands/serve.js';
import { stack } from './commands/stack.js';
import { start } from './commands/start.js';
import { trash } from './commands/trash.js';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; summary: string }> = {
  serve: { run: serve, summary: 'Run the backend (creates the site on first start)' },
  init: { run: init, summary: 'Create a site in an empty data directory or database' },
  pack: { run: pack, summary: 'Remove history older than N days and blobs nothing refers to (online)' },
  check: { run: check, summary: 'Verify referential integrity (tree, catalog, blobs, relations)' },
  'rotate-jwt-secret': {
    run: rotateJwtSecret,
    summary: 'Write a new JWT signing secret (the old one verifies for a grace period)',
  },
  backup: {
    run: backupCommand,
    summary: 'Back up the running site (database and blobs); --verify checks one',
  },
  restore: { run: restoreCommand, summary: 'Restore a backup into an empty data directory or database' },
  convert: { run: convertCommand, summary: 'Copy a whole site between SQLite, PostgreSQL and MariaDB' },
  frontend: { run: frontend, summary: 'Run the frontend (server-rendered site) against a backend' },
  start: { run: start, summary: 'Run the backend and the frontend together (npm start)' },
  trash: { run: trash, summary: 'Trash maintenance: purge-expired removes entries whose time is up (cron)' },
  stack: {
    run: stack,
    summary: 'Production stack: generate nginx/Varnish/HAProxy config, or run it all here (up/down)',
  },
};

export const HELP = `Usage: tessera <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`)
  .join('\n')}

Run \`tessera <command> --help\` for a command's options.
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 1;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    process.stderr.write(`tessera: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await entry.run(rest);
  } catch (err) {
    if (err instanceof ConfigError || (err as any)?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`tessera ${command}: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}
