// The page's headings for the table of contents block (Volto's `toc`), and the
// anchor each heading carries: slate blocks' top-level h2–h6 nodes and heading
// blocks, in layout order (containers included). Anchors are slugs of the
// heading text, made unique on the page, so links survive block edits.
import { type BlockData, walkBlocks } from './blocks-walk.js';

export interface TocEntry {
  /** 2–6: the rendered heading level (a content h1 renders as h2). */
  level: number;
  text: string;
  anchor: string;
  block: string;
  /** Index of the heading among the block's top-level nodes (0 for heading blocks). */
  node: number;
}

const LEVEL: Record<string, number> = { h1: 2, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
const computed = new WeakMap<object, TocEntry[]>();

/** Plain text of slate nodes (the stored `plaintext` is not shipped to the browser). */
export function slateText(nodes: unknown): string {
  if (!Array.isArray(nodes)) return '';
  let out = '';
  for (const n of nodes) {
    if (!n || typeof n !== 'object') continue;
    if (typeof n.text === 'string') out += n.text;
    out += slateText(n.children);
  }
  return out;
}

export function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'section'
  );
}

function headingsOf(id: string, block: BlockData): Omit<TocEntry, 'anchor'>[] {
  if (block['@type'] === 'heading') {
    const text = String(block.heading ?? '').trim();
    const level = LEVEL[block.tag] ?? 2;
    return text && level <= 4 ? [{ level, text, block: id, node: 0 }] : [];
  }
  if (block['@type'] !== 'slate' && block['@type'] !== 'text') return [];
  const value = Array.isArray(block.value) ? block.value : [];
  const out: Omit<TocEntry, 'anchor'>[] = [];
  value.forEach((node: any, i: number) => {
    const level = node && typeof node.type === 'string' ? LEVEL[node.type] : undefined;
    const text = level ? slateText(node.children).trim() : '';
    if (level && text) out.push({ level, text, block: id, node: i });
  });
  return out;
}

/** Every heading of the page with its anchor; computed once per content object. */
export function tocEntries(content: unknown): TocEntry[] {
  if (!content || typeof content !== 'object') return [];
  const known = computed.get(content);
  if (known) return known;
  const used = new Map<string, number>();
  const entries: TocEntry[] = [];
  for (const [id, block] of walkBlocks(content))
    for (const h of headingsOf(id, block)) {
      const base = slug(h.text);
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      entries.push({ ...h, anchor: n === 1 ? base : `${base}-${n}` });
    }
  computed.set(content, entries);
  return entries;
}

/** The anchor of a block's heading node, if it is one. */
export function anchorOf(content: unknown, block: string, node: number): string | undefined {
  return tocEntries(content).find((e) => e.block === block && e.node === node)?.anchor;
}
