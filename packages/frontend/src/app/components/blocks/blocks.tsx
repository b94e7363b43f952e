// Renders a blocks container (a page, a grid) in layout order. Each block sits
// in a boundary, so one malformed block becomes a placeholder, not an error page.
import type { ComponentType } from 'react';
import { blocksOf, layoutOf } from '../../lib/blocks-walk.js';
import { BlockBoundary } from './boundary.js';
import { ListingBlock } from './listing-block.js';
import { ImageBlock, MapsBlock, VideoBlock } from './media-blocks.js';
import { BrokenBlock } from './placeholder.js';
import { TeaserBlock } from './teaser-block.js';
import {
  DescriptionBlock,
  HeadingBlock,
  HtmlBlock,
  SeparatorBlock,
  SlateBlock,
  TableBlock,
  TitleBlock,
} from './text-blocks.js';
import { TocBlock } from './toc-block.js';
import type { BlockProps } from './types.js';

function GridBlock({ data, content }: BlockProps) {
  const count = layoutOf(data).length;
  return (
    <div className={`block grid columns-${Math.min(count, 4)}`}>
      <Blocks container={data} content={content} />
    </div>
  );
}

const REGISTRY: Record<string, ComponentType<BlockProps>> = {
  title: TitleBlock,
  description: DescriptionBlock,
  slate: SlateBlock,
  text: SlateBlock,
  heading: HeadingBlock,
  separator: SeparatorBlock,
  slateTable: TableBlock,
  html: HtmlBlock,
  image: ImageBlock,
  video: VideoBlock,
  maps: MapsBlock,
  teaser: TeaserBlock,
  listing: ListingBlock,
  toc: TocBlock,
  gridBlock: GridBlock,
  __grid: GridBlock,
  columnsBlock: GridBlock,
};

export function Blocks({ container, content }: { container: unknown; content: any }) {
  const blocks = blocksOf(container);
  return layoutOf(container).map((id) => {
    const data = blocks[id];
    const type = typeof data?.['@type'] === 'string' ? data['@type'] : 'unknown';
    const Block = REGISTRY[type];
    if (!data || typeof data !== 'object' || !Block) return <BrokenBlock key={id} type={type} />;
    return (
      <BlockBoundary key={id} type={type}>
        <Block id={id} data={data} content={content} />
      </BlockBoundary>
    );
  });
}

export function hasBlocks(content: any): boolean {
  return layoutOf(content).length > 0;
}
