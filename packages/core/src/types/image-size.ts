// Reads an image's pixel size from its header (PNG, GIF, JPEG, WebP, SVG),
// and computes Plone's default image scales from it.

export interface Size {
  width: number;
  height: number;
}

export function imageSize(bytes: Buffer): Size | null {
  if (
    bytes.length >= 24 &&
    bytes.readUInt32BE(0) === 0x89504e47 &&
    bytes.toString('ascii', 12, 16) === 'IHDR'
  ) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 10 && bytes.toString('ascii', 0, 4) === 'GIF8') {
    return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
  if (
    bytes.length >= 30 &&
    bytes.toString('ascii', 0, 4) === 'RIFF' &&
    bytes.toString('ascii', 8, 12) === 'WEBP'
  ) {
    return webpSize(bytes);
  }
  const head = bytes.subarray(0, 4096).toString('utf8');
  if (/<svg[\s>]/i.test(head)) return svgSize(head);
  return null;
}

function jpegSize(b: Buffer): Size | null {
  let i = 2;
  let turned = false;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    // APP1 Exif: an orientation of 5–8 means the picture is shown turned by
    // 90°, so its displayed width is the stored height (scales honour it).
    if (marker === 0xe1) turned ||= exifTurned(b.subarray(i + 4, i + 2 + len));
    // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = b.readUInt16BE(i + 5);
      const width = b.readUInt16BE(i + 7);
      return turned ? { width: height, height: width } : { width, height };
    }
    i += 2 + len;
  }
  return null;
}

/** Whether an APP1 segment is Exif with an orientation that swaps width and height. */
function exifTurned(seg: Buffer): boolean {
  if (seg.length < 14 || seg.toString('latin1', 0, 6) !== 'Exif\0\0') return false;
  const tiff = seg.subarray(6);
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return false;
  const entries = u16(ifd);
  for (let e = 0; e < entries; e++) {
    const at = ifd + 2 + e * 12;
    if (at + 12 > tiff.length) return false;
    if (u16(at) === 0x0112) return u16(at + 8) >= 5 && u16(at + 8) <= 8;
  }
  return false;
}

function webpSize(b: Buffer): Size | null {
  const chunk = b.toString('ascii', 12, 16);
  if (chunk === 'VP8 ' && b.length >= 30) {
    return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
  }
  return null;
}

function svgSize(text: string): Size | null {
  const tag = /<svg\b[^>]*>/i.exec(text)?.[0] ?? '';
  const attr = (name: string) =>
    new RegExp(`\\s${name}\\s*=\\s*["']\\s*([\\d.]+)(px)?\\s*["']`, 'i').exec(tag)?.[1];
  const w = attr('width');
  const h = attr('height');
  if (w && h) return { width: Math.round(Number(w)), height: Math.round(Number(h)) };
  const vb = /\sviewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*["']/i.exec(tag);
  return vb ? { width: Math.round(Number(vb[1])), height: Math.round(Number(vb[2])) } : null;
}

/** Plone 6's default `plone.allowed_sizes`: name → bounding box. */
export const PLONE_IMAGE_SCALES: Record<string, Size> = {
  huge: { width: 1600, height: 65536 },
  great: { width: 1200, height: 65536 },
  larger: { width: 1000, height: 65536 },
  large: { width: 800, height: 65536 },
  teaser: { width: 600, height: 65536 },
  preview: { width: 400, height: 65536 },
  mini: { width: 200, height: 65536 },
  thumb: { width: 128, height: 128 },
  tile: { width: 64, height: 64 },
  icon: { width: 32, height: 32 },
  listing: { width: 16, height: 16 },
};

/** Size of an image scaled to fit `box`, never enlarged (Plone's default "scale" mode). */
export function fitInto(size: Size, box: Size): Size {
  const factor = Math.min(box.width / size.width, box.height / size.height, 1);
  return {
    // The epsilon keeps 215 * (200 / 215) from flooring to 199.
    width: Math.max(1, Math.floor(size.width * factor + 1e-9)),
    height: Math.max(1, Math.floor(size.height * factor + 1e-9)),
  };
}
