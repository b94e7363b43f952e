// Start the ceiling server (bench/ceiling-server.ts) in its own process,
// serving the given response; the caller stops it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Child, startChild } from './child.js';
import { freePort } from './free-port.js';

const SERVER = fileURLToPath(new URL('../ceiling-server.ts', import.meta.url));

export interface CeilingResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export async function startCeiling(
  res: CeilingResponse,
  tmpDir: string,
): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const bodyFile = join(tmpDir, `ceiling-${port}.body`);
  writeFileSync(bodyFile, res.body);
  const url = `http://127.0.0.1:${port}`;
  const child = await startChild({
    command: process.execPath,
    args: [
      '--import',
      import.meta.resolve('tsx'),
      SERVER,
      '--port',
      String(port),
      '--body',
      bodyFile,
      '--status',
      String(res.status),
      '--content-type',
      res.contentType,
    ],
    readyUrl: `${url}/`,
  });
  return { child, url };
}
