// Rename (PATCH {"id"}) and the redirect every move or rename leaves behind.
import { badRequest } from '../errors.js';
import type { ContentRecord, MoveResult, WriteTx } from '../ports/storage.js';
import { invalidIdReason } from './ids.js';

/** Records that `oldPath` now lives at the object `uid` (plone.app.redirector). */
export async function recordMove(tx: WriteTx, oldPath: string, newPath: string, uid: string, now: Date) {
  await tx.putRedirect({ path: oldPath, targetUid: uid, created: now.toISOString(), manual: false });
  // An alias at the place the object now occupies would only shadow it.
  await tx.deleteRedirect(newPath);
}

/** PATCH {"id": …}: a move within the same folder; the position and UID stay. */
export async function renameContent(
  tx: WriteTx,
  content: ContentRecord,
  newId: unknown,
  now = new Date(),
  onMoved?: (moved: MoveResult) => void,
) {
  if (newId === content.id) return content;
  if (content.parentUid === null) throw badRequest('The site root cannot be renamed.');
  const reason = invalidIdReason(newId);
  if (reason) throw badRequest(`Invalid input: id: ${reason}`, [{ field: 'id', message: reason }]);
  const id = newId as string;
  if (await tx.childIdExists(content.parentUid, id))
    throw badRequest(`The id "${id}" is invalid - it is already in use.`, [
      { field: 'id', message: 'in use' },
    ]);
  const moved = await tx.moveTree(content.uid, content.parentUid, id);
  await recordMove(tx, moved.oldPath, moved.newPath, content.uid, now);
  onMoved?.(moved);
  return (await tx.byUid(content.uid))!;
}
