// The wire form of a trash entry (docs/trash.md).
import type { ReadTx, TrashEntry } from '@tessera/core';
import type { SiteUrls } from '../../traversal.js';

export const entryUrl = (urls: SiteUrls, uid: string) => `${urls.url('')}/@trash/${uid}`;

export async function entryJson(
  tx: ReadTx,
  urls: SiteUrls,
  entry: TrashEntry,
  extra: { can_restore?: boolean } = {},
) {
  // Where a restore without a target would put it: the old container, wherever it is now.
  const parent = await tx.byUid(entry.parentUid);
  return {
    '@id': entryUrl(urls, entry.uid),
    UID: entry.uid,
    id: entry.id,
    '@type': entry.type,
    title: entry.title,
    original_path: entry.path,
    original_url: urls.url(entry.path),
    parent: parent
      ? { '@id': urls.url(parent.path), UID: parent.uid, title: (parent.data.title as string) ?? '' }
      : null,
    deleted_by: entry.deletedBy,
    deleted_at: entry.deletedAt,
    expires: entry.expiresAt,
    items_total: entry.items,
    ...extra,
  };
}
