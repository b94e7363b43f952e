// Runs in a worker thread: pdf.js parses on the CPU for a while, which must
// not stall the server's event loop. Receives {data, maxPages}, answers
// {text} or {error}. Plain JavaScript so that it loads without the TS loader.
import { parentPort } from 'node:worker_threads';

// pdf.js warns on load that it cannot render without a canvas package; this
// thread only reads text, so those warnings are noise.
const log = console.log;
console.log = () => {};
const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
console.log = log;

parentPort.on('message', async ({ id, data, maxPages, maxChars }) => {
  try {
    const doc = await getDocument({
      data,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
    const parts = [];
    let length = 0;
    const pages = Math.min(doc.numPages, maxPages);
    for (let n = 1; n <= pages && length < maxChars; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (typeof item.str === 'string' && item.str) {
          parts.push(item.str);
          length += item.str.length + 1;
        }
      }
      page.cleanup();
    }
    await doc.destroy();
    parentPort.postMessage({ id, text: parts.join(' ').slice(0, maxChars) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.message ?? err) });
  }
});
