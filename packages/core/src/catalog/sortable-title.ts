// The sort key of the `sortable_title` index, as Plone builds it: case and
// accents folded, numbers zero-padded so that "Item 10" sorts after "Item 9",
// cut to a bounded length.

const NUMBER = /\d+/g;
const MAX = 80;

export function sortableTitle(title: unknown): string {
  if (typeof title !== 'string') return '';
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ' ')
    .replace(NUMBER, (n) => n.padStart(6, '0'))
    .slice(0, MAX);
}
