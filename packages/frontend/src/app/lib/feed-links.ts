// Which pages have an RSS feed and where it lives: shared by the page's
// <link rel="alternate"> (browser and server) and the feed server (src/server/feed.ts).
const FOLDERISH = new Set(['Folder', 'LRF']);

/** Whether a content type has a feed: collections and folders (news). */
export function hasFeed(type: unknown): boolean {
  return type === 'Collection' || FOLDERISH.has(String(type));
}

/** The feed URL of a collection or folder path. */
export function feedPath(path: string): string {
  return `${path === '/' ? '' : path}/rss.xml`;
}
