// Images for the benchmarks: photo-like JPEGs made with sharp (a smooth
// gradient plus a little noise, so they compress like photos), and one Image
// uploaded to a running backend with its preview scale rendered once.
import sharp from 'sharp';

/** A width × height JPEG; `seed` makes each one different (so no cache can help). */
export async function photo(width: number, height: number, seed = 0): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let n = (seed * 2654435761) >>> 0 || 1;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      n ^= n << 13;
      n ^= n >>> 17;
      n ^= n << 5;
      const noise = (n >>> 0) % 24;
      raw[i++] = ((x * 255) / width + noise + seed) & 0xff;
      raw[i++] = ((y * 255) / height + noise) & 0xff;
      raw[i++] = (((x + y) * 128) / (width + height) + noise) & 0xff;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Uploads an Image at the site root; returns the path of its preview scale's unique URL (rendered once). */
export async function uploadImage(base: string, auth: string): Promise<string> {
  const bytes = await photo(1600, 1200, 1);
  const headers = { accept: 'application/json', authorization: auth, 'content-type': 'application/json' };
  const r = await fetch(`${base}/`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      '@type': 'Image',
      title: 'Benchmark image',
      image: {
        data: bytes.toString('base64'),
        encoding: 'base64',
        filename: 'bench.jpg',
        'content-type': 'image/jpeg',
      },
    }),
  });
  if (r.status !== 201)
    throw new Error(`uploading the benchmark image answered ${r.status}: ${await r.text()}`);
  const json = (await r.json()) as { image: { scales: { preview: { download: string } } } };
  const path = new URL(json.image.scales.preview.download).pathname;
  const first = await fetch(base + path, { headers: { authorization: auth } });
  if (first.status !== 200) throw new Error(`rendering the preview scale answered ${first.status}`);
  await first.arrayBuffer();
  return path;
}
