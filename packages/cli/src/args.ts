// Command-line flags for every command, parsed with node:util's parseArgs.
import { parseArgs } from 'node:util';

export const COMMON_FLAGS = {
  data: { type: 'string' },
  db: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(
  argv: string[],
  options: T,
) {
  return parseArgs({
    args: argv,
    options: { ...COMMON_FLAGS, ...options },
    allowPositionals: false,
    strict: true,
  });
}

/** Flags that map to config keys (undefined ones are left to lower layers). */
export function configFlags(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (values.port !== undefined) out.port = values.port;
  if (values.host !== undefined) out.host = values.host;
  if (values.data !== undefined) out.data = values.data;
  if (values.db !== undefined) out.db = values.db;
  if (values['site-path'] !== undefined) out.sitePath = values['site-path'];
  if (values.workers !== undefined) out.workers = values.workers;
  return out;
}
