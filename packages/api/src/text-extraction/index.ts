// The words inside uploaded files, for SearchableText: plain text and HTML
// read directly, PDFs through pdf.js (in a worker thread). Extraction runs
// after the upload's transaction commits and before its reply is sent, so a
// search right after the upload finds the file by its contents; its result
// is stored once per blob (storage's blob_texts) and indexed with every
// object holding that blob. Other formats (office documents…) are not read.
import { type ContentRecord, fileFieldFacts, htmlToText, type StoredFile } from '@tessera/core';
import type { Site } from '../site.js';
import { PdfTextExtractor } from './pdf.js';

/** PDFs larger than this are not read (pdf.js holds the whole document in memory). */
const MAX_PDF_BYTES = 20 * 1024 * 1024;
/** Of a text file, only the start is read. */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;
const MAX_CHARS = 1_000_000;

let pdf: PdfTextExtractor | undefined;
const pdfExtractor = () => {
  pdf ??= new PdfTextExtractor({ timeoutMs: 30_000, maxPages: 500, maxChars: MAX_CHARS });
  return pdf;
};

function kindOf(contentType: string): 'pdf' | 'html' | 'text' | undefined {
  const type = contentType.split(';', 1)[0].trim().toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type.startsWith('text/') || type === 'application/json' || type === 'application/xml') return 'text';
  return undefined;
}

async function readStart(site: Site, hash: string, limit: number): Promise<Buffer> {
  const stream = await site.storage.read(async (tx) => tx.openBlob(hash, { start: 0, end: limit - 1 }));
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function extract(site: Site, file: StoredFile & { blob: string }): Promise<string> {
  const kind = kindOf(file['content-type'] ?? '');
  if (!kind || file.size === 0) return '';
  if (kind === 'pdf') {
    if (file.size > MAX_PDF_BYTES) return '';
    return pdfExtractor().extract(await readStart(site, file.blob, file.size));
  }
  const text = (await readStart(site, file.blob, Math.min(file.size, MAX_TEXT_BYTES))).toString('utf8');
  return (kind === 'html' ? htmlToText(text) : text.replace(/\s+/g, ' ').trim()).slice(0, MAX_CHARS);
}

/**
 * Extracts the text of the record's files not read before and reindexes
 * the record with it. Failures (a broken PDF) are logged and recorded as no
 * text: the upload itself has succeeded.
 */
export async function indexFileTexts(site: Site, rec: ContentRecord): Promise<void> {
  const info = site.types.get(rec.type);
  if (!info) return;
  // Images have no words to index (the catalog reads file fields only, too).
  const files = fileFieldFacts(info)
    .filter((f) => !f.image)
    .map((f) => rec.data[f.name] as StoredFile | null | undefined)
    .filter(
      (f): f is StoredFile & { blob: string } =>
        typeof f?.blob === 'string' && !!kindOf(f['content-type'] ?? ''),
    );
  if (files.length === 0) return;
  const known = await site.storage.read((tx) => tx.blobTextsKnown(files.map((f) => f.blob)));
  for (const file of files) {
    if (known.has(file.blob)) continue;
    let text = '';
    try {
      text = await extract(site, file);
    } catch (err) {
      site.log.warn({ err, blob: file.blob }, 'could not read the text of a file');
    }
    await site.storage.write({ principal: 'system', path: rec.path, note: 'file text' }, (tx) =>
      tx.putBlobText(file.blob, text, [rec.uid]),
    );
  }
}
