import type { BlockData } from '../../lib/blocks-walk.js';

export interface BlockProps {
  id: string;
  data: BlockData;
  /** The content object the blocks belong to. */
  content: any;
}
