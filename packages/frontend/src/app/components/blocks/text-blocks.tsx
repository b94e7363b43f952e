// Blocks that are text: title, description, slate, heading, separator, table, HTML.
import { usePage } from '../../lib/page-context.js';
import { anchorOf } from '../../lib/toc.js';
import { SlateNodes } from '../slate.js';
import type { BlockProps } from './types.js';

export function TitleBlock({ content }: BlockProps) {
  return <h1 className="documentFirstHeading">{String(content.title ?? '')}</h1>;
}

export function DescriptionBlock({ content }: BlockProps) {
  return content.description ? <p className="documentDescription">{String(content.description)}</p> : null;
}

export function SlateBlock({ id, data, content }: BlockProps) {
  return (
    <div className="block slate">
      <SlateNodes nodes={data.value} anchorOf={(i) => anchorOf(content, id, i)} />
    </div>
  );
}

const HEADING_TAGS = new Set(['h2', 'h3', 'h4']);

export function HeadingBlock({ id, data, content }: BlockProps) {
  const Tag = (HEADING_TAGS.has(data.tag) ? data.tag : 'h2') as 'h2';
  return (
    <Tag className="block heading" id={anchorOf(content, id, 0)}>
      {String(data.heading ?? '')}
    </Tag>
  );
}

export function SeparatorBlock() {
  return <hr className="block separator" />;
}

export function TableBlock({ data }: BlockProps) {
  const table = data.table ?? {};
  const rows: any[] = Array.isArray(table.rows) ? table.rows : [];
  if (rows.length === 0) return null;
  const [first, ...rest] = rows;
  const showHeader = !table.hideHeaders;
  const cells = (row: any) => (Array.isArray(row?.cells) ? row.cells : []);
  return (
    <div className="block table">
      <table className={table.striped ? 'striped' : undefined}>
        {showHeader && (
          <thead>
            <tr>
              {cells(first).map((c: any, i: number) => (
                <th key={c?.key ?? i} scope="col">
                  <SlateNodes nodes={c?.value} />
                </th>
              ))}
            </tr>
          </thead>
        )}
        <tbody>
          {(showHeader ? rest : rows).map((row: any, r: number) => (
            <tr key={row?.key ?? r}>
              {cells(row).map((c: any, i: number) =>
                c?.type === 'header' ? (
                  <th key={c?.key ?? i} scope="row">
                    <SlateNodes nodes={c?.value} />
                  </th>
                ) : (
                  <td key={c?.key ?? i}>
                    <SlateNodes nodes={c?.value} />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function HtmlBlock({ id }: BlockProps) {
  const { deps } = usePage();
  // Sanitised on the server by the loader (sanitize.server.ts); never the raw block.
  const html = deps.html[id];
  if (!html) return null;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised server-side with an allow-list
  return <div className="block html" dangerouslySetInnerHTML={{ __html: html }} />;
}
