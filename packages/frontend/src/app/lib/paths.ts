/** The site path of a URL the data holds: already a path, or an absolute URL's path. */
export function pathOf(url: unknown): string | null {
  if (typeof url !== 'string' || url === '') return null;
  if (url.startsWith('/')) return url;
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

/** Query parameter naming the page of one listing block. */
export function pageParam(blockId: string): string {
  return `${blockId}-page`;
}

/** Items per page of a folder or collection view. */
export const FOLDER_PAGE_SIZE = 20;
