// Writes the generated configuration files for one set of stack settings.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { haproxyCfg } from './haproxy.js';
import { nginxConf } from './nginx.js';
import type { StackSettings } from './settings.js';
import { varnishVcl } from './varnish.js';

export const FILES = { nginx: 'nginx.conf', varnish: 'default.vcl', haproxy: 'haproxy.cfg' } as const;

export function writeStackConfig(s: StackSettings, out: string): string[] {
  mkdirSync(out, { recursive: true });
  const files: Array<[string, string]> = [
    [FILES.nginx, nginxConf(s)],
    [FILES.varnish, varnishVcl(s)],
    [FILES.haproxy, haproxyCfg(s)],
    // The settings as read, defaults filled in: what the files were made from.
    ['stack-settings.json', `${JSON.stringify(s, null, 2)}\n`],
  ];
  for (const [name, text] of files) writeFileSync(join(out, name), text);
  return files.map(([name]) => join(out, name));
}
