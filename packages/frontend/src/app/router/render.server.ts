// Renders a React tree to one HTML string once everything is ready (no
// streaming): the server needs the whole page for its ETag, and every visitor
// and crawler gets the content in the first response. A block that throws
// inside its <Suspense> boundary renders its fallback; onError logs it.
import { Writable } from 'node:stream';
import type { ReactNode } from 'react';
import { renderToPipeableStream } from 'react-dom/server';

const RENDER_TIMEOUT_MS = 10_000;

export function renderToHtml(node: ReactNode, onError: (err: unknown) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        resolve(Buffer.concat(chunks).toString('utf8'));
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(node, {
      onAllReady: () => pipe(sink),
      onShellError: reject,
      onError,
    });
    setTimeout(abort, RENDER_TIMEOUT_MS).unref();
  });
}
