// A web server has no reason to run as root, and a flaw in it would then own
// the machine: serving commands refuse unless told explicitly.
import { ConfigError } from '@tessera/core';

export function refuseRoot(allowFlag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (process.getuid?.() !== 0) return;
  if (allowFlag || /^(1|true|yes)$/i.test(env.TESSERA_ALLOW_ROOT ?? '')) return;
  throw new ConfigError(
    'refusing to serve as root: run as an unprivileged user (see deploy/systemd/), or force it with --allow-root or TESSERA_ALLOW_ROOT=1',
  );
}
