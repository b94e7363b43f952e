// HAProxy's admin socket (stats socket … level admin): one command per
// connection, the answer is everything until HAProxy closes it.
import { createConnection } from 'node:net';

export function haproxyCommand(socket: string, command: string, timeoutMs = 5000): Promise<string> {
  if (/[\r\n;]/.test(command)) return Promise.reject(new Error('one command, without ; or newlines'));
  return new Promise((resolve, reject) => {
    const conn = createConnection(socket);
    let out = '';
    conn.setTimeout(timeoutMs, () => conn.destroy(new Error(`HAProxy socket timed out: ${command}`)));
    conn.on('connect', () => conn.end(`${command}\n`));
    conn.on('data', (d) => {
      out += d;
    });
    conn.on('error', reject);
    conn.on('close', () => resolve(out));
  });
}

export interface ServerStat {
  proxy: string;
  server: string;
  /** UP, DOWN, MAINT, DRAIN, "UP 1/2"… */
  status: string;
  /** Sessions (requests being worked on) right now. */
  current: number;
  queued: number;
}

/** `show stat`, servers only. */
export async function serverStats(socket: string): Promise<ServerStat[]> {
  const csv = await haproxyCommand(socket, 'show stat');
  const [head, ...rows] = csv.replace(/^# /, '').trim().split('\n');
  const cols = head!.split(',');
  const at = (name: string) => cols.indexOf(name);
  return rows
    .map((r) => r.split(','))
    .filter((r) => r[at('svname')] !== 'FRONTEND' && r[at('svname')] !== 'BACKEND')
    .map((r) => ({
      proxy: r[at('pxname')]!,
      server: r[at('svname')]!,
      status: r[at('status')]!,
      current: Number(r[at('scur')]),
      queued: Number(r[at('qcur')]),
    }));
}

export type ServerState = 'ready' | 'drain' | 'maint';

export async function setServerState(socket: string, proxy: string, server: string, state: ServerState) {
  if (!/^[\w-]+$/.test(proxy) || !/^[\w-]+$/.test(server)) throw new Error('bad server name');
  const answer = await haproxyCommand(socket, `set server ${proxy}/${server} state ${state}`);
  if (answer.trim()) throw new Error(`HAProxy: ${answer.trim()}`);
}
