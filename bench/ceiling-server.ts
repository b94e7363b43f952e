// The ceiling: a bare node:http server answering every request with one fixed
// response (status, content-type, bytes), as fast as this machine can serve.
//
//   node --import tsx bench/ceiling-server.ts --port 18181 --body FILE \
//     [--status 200] [--content-type 'application/json; charset=utf-8']
//
// bench/run.ts starts one per scenario with the bytes the backend returned.
import { readFileSync } from 'node:fs';
import http from 'node:http';

function opt(name: string, def?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : def;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

const port = Number(opt('port'));
const status = Number(opt('status', '200'));
const contentType = opt('content-type', 'application/json; charset=utf-8');
const body = readFileSync(opt('body'));
const headers = { 'content-type': contentType, 'content-length': String(body.length) };

const server = http.createServer((req, res) => {
  // A request body (POST) is drained by node:http itself once the response ends.
  req.resume();
  res.writeHead(status, headers);
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
