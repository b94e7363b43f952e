// The ceiling for file downloads: a bare node:http server that pipes one
// file to every request, as fast as Node can send it over loopback (1 MiB
// reads, as the file blob store makes them).
//   node bench/lib/file-ceiling.ts FILE PORT   (run with --import tsx)
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, port] = process.argv.slice(2);
const size = statSync(file!).size;
createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  createReadStream(file!, { highWaterMark: 1024 * 1024 }).pipe(res);
}).listen(Number(port), '127.0.0.1', () => console.log('ready'));
