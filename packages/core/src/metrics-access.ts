// Who may read /metrics: anyone with the bearer token, or a direct client on
// a loopback or private address. A request that came through a proxy
// (X-Forwarded-For / Forwarded) is not direct: behind nginx every client
// would otherwise look like nginx's own private address.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv4 } from 'node:net';

const privateNets = new BlockList();
privateNets.addSubnet('127.0.0.0', 8, 'ipv4');
privateNets.addSubnet('10.0.0.0', 8, 'ipv4');
privateNets.addSubnet('172.16.0.0', 12, 'ipv4');
privateNets.addSubnet('192.168.0.0', 16, 'ipv4');
privateNets.addSubnet('::1', 128, 'ipv6');
privateNets.addSubnet('fc00::', 7, 'ipv6');

export function isPrivateAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return privateNets.check(v4, 'ipv4');
  try {
    return privateNets.check(address, 'ipv6');
  } catch {
    return false;
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export function metricsAllowed(req: IncomingMessage, token: string): boolean {
  if (tokenMatches(req.headers.authorization, token)) return true;
  if (req.headers['x-forwarded-for'] || req.headers.forwarded) return false;
  return isPrivateAddress(req.socket.remoteAddress);
}
