// HTTP/1.1 over plain sockets, for the lifecycle tests: they need to hold a
// request half-sent (in flight) across a SIGTERM, reuse one keep-alive
// connection on purpose, and see exactly which headers and closes the server sends.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawConnection {
  socket: Socket;
  /** Resolves when the server ends or resets the connection. */
  closed: Promise<void>;
  write(text: string): void;
  /** The next complete response on this connection (Content-Length framed). */
  response(): Promise<RawResponse>;
}

export function openConnection(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = '';
    let waiter: (() => void) | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (d) => {
      buffer += d;
      waiter?.();
    });
    const closed = new Promise<void>((done) => {
      socket.once('close', () => {
        done();
        waiter?.();
      });
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => {});
      resolve({
        socket,
        closed,
        write: (text) => socket.write(text),
        response: () =>
          new Promise<RawResponse>((done, fail) => {
            const parse = () => {
              const end = buffer.indexOf('\r\n\r\n');
              if (end !== -1) {
                const [statusLine, ...lines] = buffer.slice(0, end).split('\r\n');
                const headers: Record<string, string> = {};
                for (const l of lines) {
                  const i = l.indexOf(':');
                  headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
                }
                const length = Number(headers['content-length'] ?? 0);
                if (buffer.length >= end + 4 + length) {
                  const body = buffer.slice(end + 4, end + 4 + length);
                  buffer = buffer.slice(end + 4 + length);
                  waiter = undefined;
                  return done({ status: Number(statusLine.split(' ')[1]), headers, body });
                }
              }
              if (socket.destroyed || socket.readableEnded) {
                waiter = undefined;
                fail(new Error(`connection closed before a full response: ${JSON.stringify(buffer)}`));
              }
            };
            waiter = parse;
            parse();
          }),
      });
    });
  });
}

/** Whether a new TCP connection to the port is refused. */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

export const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`;
