// Table of contents (Volto's `toc` block): links to the page's headings, as
// computed by lib/toc.ts; `levels` limits which heading levels are listed.
import { useT } from '../../lib/i18n.js';
import { tocEntries } from '../../lib/toc.js';
import type { BlockProps } from './types.js';

const LEVELS = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);

export function TocBlock({ data, content }: BlockProps) {
  const t = useT();
  const wanted = Array.isArray(data.levels)
    ? data.levels.filter((l: unknown) => LEVELS.has(l as string))
    : [];
  const entries = tocEntries(content).filter((e) => wanted.length === 0 || wanted.includes(`h${e.level}`));
  if (entries.length === 0) return null;
  const title =
    typeof data.title === 'string' && data.title.trim() ? data.title.trim() : t('tableOfContents');
  const top = Math.min(...entries.map((e) => e.level));
  const List = data.ordered ? 'ol' : 'ul';
  return (
    <nav className="block toc" aria-label={title}>
      {!data.hide_title && <h2 className="toc-title">{title}</h2>}
      <List>
        {entries.map((e) => (
          <li key={e.anchor} className={`toc-level-${e.level - top + 1}`}>
            <a href={`#${e.anchor}`}>{e.text}</a>
          </li>
        ))}
      </List>
    </nav>
  );
}
