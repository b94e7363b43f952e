// A search result from its catalog brain, without loading the object: the
// brain's metadata stands in for the object's data in the summary.
import { type Brain, type ContentRecord, ploneDate } from '@tessera/core';
import type { Site } from '../site.js';
import type { SiteUrls } from '../traversal.js';
import { summarize } from './summary.js';

const NO_SECURITY = { local: {}, perms: {} } as unknown as ContentRecord['security'];

/** The brain as the record shape summaries read (data = its metadata). */
export function brainRecord(b: Brain): ContentRecord {
  return {
    uid: b.uid,
    parentUid: b.parentUid,
    id: b.id,
    path: b.path,
    position: b.position,
    type: b.type,
    tid: 0,
    created: ploneDate(new Date(b.created)),
    modified: ploneDate(new Date(b.modified)),
    data: b.meta,
    security: NO_SECURITY,
  };
}

export function summarizeBrain(b: Brain, site: Site, urls: SiteUrls, metadataFields: string[]) {
  return summarize(brainRecord(b), site, urls, metadataFields, true);
}
