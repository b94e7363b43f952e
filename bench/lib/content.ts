// Deterministic benchmark content: Plone REST API bodies for the folders and
// documents the seeder creates (a title, a description and ~2 KB of HTML).

const WORDS = (
  'the of and to in is that for it as was with be by on not this are or from at which have an ' +
  'they were there been one all their has would when will more can out about into some could time ' +
  'only new also other than first after should most over such where through between work each years ' +
  'people state city under government public form team system program house service group number ' +
  'part school general water local national order research history council market project policy ' +
  'community level report support data information design process centre building library network ' +
  'student language energy health member event course office review evidence practice science ' +
  'access model future plan resource budget planning committee meeting agreement quality version ' +
  'release content document archive editor website portal catalogue schedule training workshop ' +
  'harbour bridge river garden museum theatre festival season village county district transport'
).split(' ');

/** mulberry32: a small deterministic PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function words(r: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(r() * r() * WORDS.length)]);
  const s = out.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const folderId = (f: number) => `folder-${String(f + 1).padStart(3, '0')}`;
export const docId = (d: number) => `doc-${String(d + 1).padStart(5, '0')}`;

export function folderBody(f: number): Record<string, unknown> {
  const r = rng(f + 1);
  return { '@type': 'Folder', id: folderId(f), title: `${words(r, 3)} ${f + 1}`, description: words(r, 12) };
}

export function documentBody(d: number, textBytes = 2048): Record<string, unknown> {
  const r = rng(1_000_003 + d * 7919);
  const s1 = d % WORDS.length;
  const s2 = (s1 + 1 + (Math.floor(d / WORDS.length) % (WORDS.length - 1))) % WORDS.length;
  let html = '';
  while (html.length < textBytes) html += `<p>${words(r, 40 + Math.floor(r() * 40))}.</p>`;
  return {
    '@type': 'Document',
    id: docId(d),
    title: words(r, 3 + Math.floor(r() * 5)),
    description: `${words(r, 15)}.`,
    subjects: [WORDS[s1], WORDS[s2]],
    text: { 'content-type': 'text/html', data: html, encoding: 'utf-8' },
  };
}
