// plone.app.discussion names a comment by the time it was posted, in
// microseconds since the epoch (`long(time.time() * 1e6)`); ids are unique per
// conversation, so a clash (two comments in the same microsecond, or a clock
// that went back) takes the next free number.

export function newCommentId(existing: Iterable<string>, nowMs: number = Date.now()): string {
  let candidate = BigInt(Math.floor(nowMs)) * 1000n;
  let max = -1n;
  for (const id of existing) {
    if (!/^\d{1,19}$/.test(id)) continue;
    const n = BigInt(id);
    if (n > max) max = n;
  }
  if (candidate <= max) candidate = max + 1n;
  return candidate.toString();
}

/** Comment ids in URLs: digits only (plone.restapi parses them as integers). */
export const COMMENT_ID = /^\d{1,19}$/;
