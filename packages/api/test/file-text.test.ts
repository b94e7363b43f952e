// The words inside uploaded files (PDF, plain text, HTML) are searchable
// as soon as the upload is answered; broken files upload fine without text.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';

/** A one-page PDF showing `text` in Helvetica, with a correct cross-reference table. */
function pdfWith(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

let s: TestSite;
before(async () => {
  s = await startSite();
});
after(() => s.close());

const upload = (id: string, bytes: Buffer, type: string, filename: string) =>
  s.call('POST', '/', {
    '@type': 'File',
    id,
    title: `Upload ${id}`,
    file: { data: bytes.toString('base64'), encoding: 'base64', filename, 'content-type': type },
  });

async function found(word: string): Promise<string[]> {
  const r = await s.call('GET', `/@search?SearchableText=${encodeURIComponent(word)}`);
  assert.equal(r.status, 200, r.body);
  return r.json.items.map((i: { '@id': string }) => new URL(i['@id']).pathname).sort();
}

test('a PDF is found by the words on its pages right after the upload', async () => {
  const r = await upload('budget', pdfWith('Quarterly zeppelin budget'), 'application/pdf', 'budget.pdf');
  assert.equal(r.status, 201, r.body);
  assert.deepEqual(await found('zeppelin'), ['/budget']);
  assert.deepEqual(await found('quarterly budget'), ['/budget']);
  // The same bytes in a second object: read once, found in both.
  assert.equal(
    (await upload('budget-copy', pdfWith('Quarterly zeppelin budget'), 'application/pdf', 'b.pdf')).status,
    201,
  );
  assert.deepEqual(await found('zeppelin'), ['/budget', '/budget-copy']);
});

test('plain text and HTML files are found by their words; markup is not text', async () => {
  assert.equal(
    (await upload('notes', Buffer.from('minutes of the walrus committee\n'), 'text/plain', 'n.txt')).status,
    201,
  );
  assert.deepEqual(await found('walrus'), ['/notes']);
  const html =
    '<html><body><p>The <b>narwhal</b> report</p><script>var hidden="kraken";</script></body></html>';
  assert.equal((await upload('page', Buffer.from(html), 'text/html', 'p.html')).status, 201);
  assert.deepEqual(await found('narwhal'), ['/page']);
  assert.deepEqual(await found('kraken'), []);
  assert.deepEqual(await found('body'), [], 'tag names are not words of the file');
});

test('replacing the file replaces its words', async () => {
  const r = await s.call('PATCH', '/notes', {
    file: {
      data: Buffer.from('a memo about pelicans').toString('base64'),
      encoding: 'base64',
      filename: 'm.txt',
      'content-type': 'text/plain',
    },
  });
  assert.equal(r.status, 204, r.body);
  assert.deepEqual(await found('walrus'), []);
  assert.deepEqual(await found('pelicans'), ['/notes']);
});

test('a broken PDF or a binary file uploads without text; the server keeps serving', async () => {
  const broken = Buffer.concat([
    Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog'),
    Buffer.alloc(100, 0xff),
  ]);
  assert.equal((await upload('broken', broken, 'application/pdf', 'broken.pdf')).status, 201);
  assert.equal(
    (await upload('bin', Buffer.from('zebra zebra'), 'application/octet-stream', 'z.bin')).status,
    201,
  );
  assert.deepEqual(await found('zebra'), [], 'unknown types are not read');
  assert.equal((await s.call('GET', '/broken')).status, 200);
  assert.deepEqual(await found('zeppelin'), ['/budget', '/budget-copy']);
});

test('what a file says is found only by those who may View it', async () => {
  assert.equal((await s.call('POST', '/', { '@type': 'Folder', id: 'closed', title: 'Closed' })).status, 201);
  const r = await s.call('POST', '/closed', {
    '@type': 'File',
    id: 'secret',
    title: 'Secret',
    file: {
      data: Buffer.from('the hidden mongoose plan').toString('base64'),
      encoding: 'base64',
      filename: 's.txt',
      'content-type': 'text/plain',
    },
  });
  assert.equal(r.status, 201);
  assert.deepEqual(await found('mongoose'), ['/closed/secret']);
  const anon = await s.call('GET', '/@search?SearchableText=mongoose', undefined, {}, null);
  assert.equal(anon.json.items_total, 0);
});
