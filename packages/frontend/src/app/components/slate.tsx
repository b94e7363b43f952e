// Renders Volto's Slate JSON as plain React elements. Text is always escaped by
// React; element types outside the known set render their children only.
import { Fragment, type ReactNode } from 'react';
import { usePage } from '../lib/page-context.js';
import { resolveUidOf } from '../lib/urls.js';
import { SmartLink } from './smart-link.js';

const ELEMENTS: Record<string, string> = {
  p: 'p',
  h1: 'h2', // A content h1 would compete with the page title.
  h2: 'h2',
  h3: 'h3',
  h4: 'h4',
  h5: 'h5',
  h6: 'h6',
  ul: 'ul',
  ol: 'ol',
  li: 'li',
  blockquote: 'blockquote',
  strong: 'strong',
  b: 'strong',
  em: 'em',
  i: 'em',
  u: 'u',
  s: 's',
  del: 's',
  code: 'code',
  sub: 'sub',
  sup: 'sup',
};

const MARKS: [string, string][] = [
  ['bold', 'strong'],
  ['italic', 'em'],
  ['underline', 'u'],
  ['strikethrough', 's'],
  ['code', 'code'],
  ['subscript', 'sub'],
  ['superscript', 'sup'],
];

function Leaf({ leaf }: { leaf: any }) {
  let node: ReactNode = typeof leaf.text === 'string' ? leaf.text : '';
  for (const [mark, tag] of MARKS) {
    const Tag = tag as 'strong';
    if (leaf[mark]) node = <Tag>{node}</Tag>;
  }
  return <>{node}</>;
}

function SlateLink({ url, children }: { url: string; children: ReactNode }) {
  const { deps } = usePage();
  const ref = resolveUidOf(url);
  if (ref) {
    const target = deps.resolved[ref.uid];
    // A link to a deleted item keeps its text.
    return target ? <SmartLink href={target + ref.rest}>{children}</SmartLink> : children;
  }
  return <SmartLink href={url}>{children}</SmartLink>;
}

const HEADINGS = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);

/** `anchorOf` names the id of top-level headings (table of contents targets). */
export function SlateNodes({
  nodes,
  anchorOf,
}: {
  nodes: unknown;
  anchorOf?: (index: number) => string | undefined;
}): ReactNode {
  if (!Array.isArray(nodes)) return null;
  return nodes.map((node, i) => {
    if (!node || typeof node !== 'object') return null;
    const key = i;
    if (!('type' in node) || typeof node.type !== 'string') return <Leaf key={key} leaf={node} />;
    const children = <SlateNodes key="children" nodes={node.children} />;
    if (node.type === 'link' || node.type === 'a') {
      const url = node.data?.url ?? node.data?.link?.internal?.internal_link?.[0]?.['@id'];
      return typeof url === 'string' ? (
        <SlateLink key={key} url={url}>
          {children}
        </SlateLink>
      ) : (
        <Fragment key={key}>{children}</Fragment>
      );
    }
    const Tag = ELEMENTS[node.type] as any;
    if (!Tag) return <Fragment key={key}>{children}</Fragment>;
    const anchor = anchorOf && HEADINGS.has(Tag) ? anchorOf(i) : undefined;
    return (
      <Tag key={key} id={anchor}>
        {children}
      </Tag>
    );
  });
}
