// What GET @history lists, newest first, in plone.restapi's shape: one entry
// per version ("versioning"), per workflow transition ("workflow", from the
// object's review_history) and per move or rename ("move", from the paths its
// revisions record). Each source is one function; a new kind of event is one
// more function added to `historyEntries`.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/history.html
import {
  type ContentRecord,
  can,
  type HistoryEntry,
  type PathChange,
  type Principal,
  ploneDate,
  type ReadTx,
  type VersionInfo,
  type WorkflowDef,
} from '@tessera/core';
import type { Site } from '../../site.js';
import type { SiteUrls } from '../../traversal.js';

export interface Actor {
  '@id': string;
  fullname: string;
  id: string;
  username: null;
}

type Entry = Record<string, unknown> & { time: string };

/** Maps in order, one call at a time (reads share the transaction's connection). */
async function inOrder<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}

/** Builds actors once per user id (a long history names few people). */
function actors(tx: ReadTx, urls: SiteUrls) {
  const seen = new Map<string, Promise<Actor>>();
  return (id: string | null): Promise<Actor> => {
    const key = id ?? '';
    let found = seen.get(key);
    if (!found) {
      found = (async () => ({
        '@id': `${urls.siteUrl}/@users/${encodeURIComponent(key)}`,
        fullname: (key && (await tx.userById(key))?.fullname) || key,
        id: key,
        username: null,
      }))();
      seen.set(key, found);
    }
    return found;
  };
}

const when = (iso: string | null) => (iso ? ploneDate(new Date(iso)) : '');

export function versionEntries(
  versions: VersionInfo[],
  url: string,
  mayRevert: boolean,
  actor: (id: string | null) => Promise<Actor>,
): Promise<Entry[]> {
  return inOrder(versions, async (v) => ({
    '@id': `${url}/@history/${v.version}`,
    action: 'Edited',
    actor: await actor(v.actor),
    comments: v.comment,
    may_revert: mayRevert,
    time: when(v.at),
    transition_title: 'Edited',
    type: 'versioning',
    version: v.version,
  }));
}

export function workflowEntries(
  history: HistoryEntry[],
  wf: WorkflowDef | null | undefined,
  actor: (id: string | null) => Promise<Actor>,
): Promise<Entry[]> {
  return inOrder(history, async (h) => {
    // The first entry (no action) is the object's creation, as Plone lists it.
    const action = h.action ?? 'Create';
    const title = h.action ? (wf?.transitions[h.action]?.title ?? h.action) : 'Create';
    return {
      action,
      actor: await actor(h.actor || null),
      comments: h.comments ?? '',
      review_state: h.review_state,
      state_title: wf?.states[h.review_state]?.title ?? h.review_state,
      time: h.time,
      transition_title: title,
      type: 'workflow',
    };
  });
}

export function moveEntries(
  changes: PathChange[],
  urls: SiteUrls,
  actor: (id: string | null) => Promise<Actor>,
): Promise<Entry[]> {
  return inOrder(changes, async (c) => {
    const parent = (p: string) => p.slice(0, p.lastIndexOf('/'));
    const renamed = parent(c.from) === parent(c.to);
    return {
      action: renamed ? 'Renamed' : 'Moved',
      actor: await actor(c.principal),
      comments: '',
      from: urls.url(c.from),
      time: when(c.at),
      to: urls.url(c.to),
      transition_title: renamed ? 'Renamed' : 'Moved',
      type: 'move',
    };
  });
}

/** The whole history of an object as the principal may see it, newest first. */
export async function historyEntries(opts: {
  site: Site;
  tx: ReadTx;
  urls: SiteUrls;
  principal: Principal;
  content: ContentRecord;
}): Promise<Entry[]> {
  const { site, tx, urls, principal, content } = opts;
  const actor = actors(tx, urls);
  const url = urls.url(content.path);
  const mayRevert = can(principal, 'CMFEditions: Revert to previous versions', content);
  // One query at a time: they share the transaction's connection.
  const versions = await tx.versions(content.uid);
  const moves = await tx.pathChanges(content.uid);
  const lists = [
    await versionEntries(versions, url, mayRevert, actor),
    await moveEntries(moves, urls, actor),
    await workflowEntries(
      (content.data.review_history as HistoryEntry[] | undefined) ?? [],
      site.workflows.forType(content.type),
      actor,
    ),
  ];
  // Newest first. Times are whole seconds, so within one second the order is
  // each list's own (newest first), versions before moves before workflow
  // entries — as Plone lists version 0 before the creation it belongs to.
  const keyed = lists
    .flatMap((list) => list.reverse())
    .map((e) => ({ e, s: Math.floor(Date.parse(e.time) / 1000) }));
  return keyed.sort((a, b) => b.s - a.s).map((k) => k.e);
}
