// Walks Volto's blocks / blocks_layout, including containers (grid, columns)
// that nest their own blocks, tolerating any malformed shape.

export type BlockData = Record<string, any>;

export function layoutOf(container: unknown): string[] {
  const items = (container as any)?.blocks_layout?.items;
  return Array.isArray(items) ? items.filter((i): i is string => typeof i === 'string') : [];
}

export function blocksOf(container: unknown): Record<string, BlockData> {
  const blocks = (container as any)?.blocks;
  return blocks && typeof blocks === 'object' ? blocks : {};
}

/** Every block in layout order, depth first, with its id. */
export function* walkBlocks(container: unknown): Generator<[string, BlockData]> {
  const blocks = blocksOf(container);
  for (const id of layoutOf(container)) {
    const block = blocks[id];
    if (!block || typeof block !== 'object') continue;
    yield [id, block];
    if (block.blocks && block.blocks_layout) yield* walkBlocks(block);
  }
}

/** Slate nodes of any depth: yields every element with a link URL. */
export function* slateLinks(nodes: unknown): Generator<string> {
  if (!Array.isArray(nodes)) return;
  for (const node of nodes) {
    if (!node || typeof node !== 'object') continue;
    const url = node.data?.url;
    if (typeof url === 'string') yield url;
    yield* slateLinks(node.children);
  }
}

/** The slate values of a slate or slateTable block. */
export function slateValuesOf(block: BlockData): unknown[] {
  if (block['@type'] === 'slate') return [block.value];
  if (block['@type'] === 'slateTable') {
    const rows = block.table?.rows;
    if (!Array.isArray(rows)) return [];
    return rows.flatMap((r: any) => (Array.isArray(r?.cells) ? r.cells.map((c: any) => c?.value) : []));
  }
  return [];
}
