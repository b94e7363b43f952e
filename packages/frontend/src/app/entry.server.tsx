// Renders the whole page before answering (no streaming): the server needs the
// complete HTML for the ETag, and every visitor and crawler gets the content
// in the first response.
import { PassThrough } from 'node:stream';
import { renderToPipeableStream } from 'react-dom/server';
import { type EntryContext, ServerRouter } from 'react-router';

export const streamTimeout = 10_000;

export default function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  routerContext: EntryContext,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (c: Buffer) => chunks.push(c));
    sink.on('end', () => {
      headers.set('Content-Type', 'text/html; charset=utf-8');
      resolve(new Response(Buffer.concat(chunks), { status, headers }));
    });
    const { pipe, abort } = renderToPipeableStream(
      <ServerRouter context={routerContext} url={request.url} />,
      {
        onAllReady() {
          pipe(sink);
        },
        onShellError: reject,
        onError(error) {
          // Errors inside a block boundary render its placeholder; log them, keep the page.
          if (!request.signal.aborted) console.error('render error:', (error as Error)?.message ?? error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000).unref();
  });
}
