// Translation groups as plone.app.multilingual keeps them (its
// ITranslationManager): objects in one group are translations of each other,
// at most one per language. Groups live in the translations table by UID
// (storage/src/translations/); an object's language is its `language` field.
// Trashed members keep their row but are not live (byUid finds nothing), so
// they show nowhere; a link that needs their language takes it from them.
import {
  badRequest,
  type ContentRecord,
  can,
  type Principal,
  type ReadTx,
  TesseraError,
  type WriteTx,
} from '@tessera/core';
import { newUid } from '../bootstrap.js';
import { LRF } from './types.js';

export const languageOf = (rec: ContentRecord): string =>
  typeof rec.data.language === 'string' ? rec.data.language : '';

export interface Group {
  group: string;
  /** Live members (the object itself included), by language; one per language. */
  members: Map<string, ContentRecord>;
  /** Every member uid, trashed ones included. */
  uids: string[];
}

/** The live members of the group `rec` is in, by language; undefined when it is in none. */
export async function groupOf(tx: ReadTx, rec: ContentRecord): Promise<Group | undefined> {
  const found = await tx.translationGroup(rec.uid);
  if (!found) return undefined;
  const members = new Map<string, ContentRecord>();
  // The object itself first: its language is its own even if another member shares it.
  members.set(languageOf(rec), rec);
  for (const uid of found.uids) {
    if (uid === rec.uid) continue;
    const m = await tx.byUid(uid);
    if (m && !members.has(languageOf(m))) members.set(languageOf(m), m);
  }
  return { group: found.group, members, uids: found.uids };
}

/** The translations of `rec` the principal may view (not itself), by language, sorted. */
export async function visibleTranslations(
  tx: ReadTx,
  rec: ContentRecord,
  principal: Principal,
  includeSelf = false,
): Promise<{ shown: ContentRecord[]; uids: string[] }> {
  const group = await groupOf(tx, rec);
  if (!group) return { shown: includeSelf && can(principal, 'View', rec) ? [rec] : [], uids: [rec.uid] };
  const shown = [...group.members.entries()]
    .filter(([, m]) => (includeSelf || m.uid !== rec.uid) && can(principal, 'View', m))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, m]) => m);
  // Every member, hidden and trashed ones too: a change to any of them changes what is shown.
  return { shown, uids: group.uids };
}

/**
 * Links `target` to `source`'s group: a source in no group joins the
 * target's, else the target leaves its group for the source's (a new one
 * when neither has one). Refused, as plone.restapi refuses: linking an object to itself,
 * objects without a language or of the same language, a language one of
 * the two groups has already. Returns every uid whose serialization changed.
 */
export async function linkTranslation(
  tx: WriteTx,
  source: ContentRecord,
  target: ContentRecord,
): Promise<string[]> {
  if (source.uid === target.uid) throw badRequest('An object cannot be linked as a translation of itself.');
  const from = languageOf(source);
  const to = languageOf(target);
  if (!from || !to) throw badRequest('Only content with a language can be linked as translations.');
  if (from === to) throw badRequest(`Source and target are both in language ${to}.`);
  const sourceGroup = await groupOf(tx, source);
  const targetGroup = await groupOf(tx, target);
  if (sourceGroup && sourceGroup.group === targetGroup?.group) return [];
  if (sourceGroup?.members.has(to)) throw badRequest(`Source already translated into language ${to}`);
  if (targetGroup?.members.has(from)) throw badRequest(`Target already translated into language ${from}`);
  const touched = new Set([
    source.uid,
    target.uid,
    ...(sourceGroup?.uids ?? []),
    ...(targetGroup?.uids ?? []),
  ]);
  // A source in no group joins the target's, so that linking to any member of a group adds to it.
  if (!sourceGroup && targetGroup) {
    await evictTrashed(tx, targetGroup, from);
    await tx.setTranslationGroup(source.uid, targetGroup.group);
    return [...touched];
  }
  const group = sourceGroup?.group ?? newUid();
  if (sourceGroup) await evictTrashed(tx, sourceGroup, to);
  else await tx.setTranslationGroup(source.uid, group);
  // The target leaves its old group (as PAM's register_translation): one left there is no group.
  const left = targetGroup?.uids.filter((u) => u !== target.uid) ?? [];
  if (left.length === 1) await tx.setTranslationGroup(left[0]!, null);
  await tx.setTranslationGroup(target.uid, group);
  return [...touched];
}

/** A trashed member in `language` leaves the group a live object of that language joins: a restore cannot bring back two. */
async function evictTrashed(tx: WriteTx, group: Group, language: string) {
  for (const uid of group.uids) {
    if (await tx.byUid(uid)) continue;
    const trashed = await tx.trashEntry(uid);
    if (trashed && languageOf(trashed.root) === language) await tx.setTranslationGroup(uid, null);
  }
}

/** Takes the member in `language` out of `rec`'s group; returns every uid whose serialization changed. */
export async function unlinkTranslation(
  tx: WriteTx,
  rec: ContentRecord,
  language: string,
): Promise<string[]> {
  const group = await groupOf(tx, rec);
  const member = group?.members.get(language);
  if (!group || !member || language === languageOf(rec))
    throw badRequest(`This objects is not translated into ${language}`);
  if (rec.type === LRF) throw badRequest('Language Root Folders cannot be unlinked');
  await tx.setTranslationGroup(member.uid, null);
  // A group of one is no group.
  const rest = group.uids.filter((u) => u !== member.uid);
  if (rest.length === 1) await tx.setTranslationGroup(rest[0]!, null);
  return group.uids;
}

/** An object named by a URL of this site, a site path or a UID (as plone.restapi's get_object). */
export async function resolveContent(
  tx: ReadTx,
  ref: unknown,
  scope: { siteUrl: string; mount: string },
): Promise<ContentRecord | undefined> {
  if (typeof ref !== 'string' || ref === '' || ref.length > 2048) return undefined;
  const site = scope.siteUrl.replace(/\/+$/, '');
  let path: string | undefined;
  if (ref === site || ref.startsWith(`${site}/`)) path = ref.slice(site.length);
  else if (ref.startsWith('/')) path = ref;
  if (path === undefined) return /^[\w-]{1,64}$/.test(ref) ? tx.byUid(ref) : undefined;
  path = path.replace(/\/+$/, '');
  const found = await tx.byPath(path);
  if (found || !scope.mount || !path.startsWith(`${scope.mount}/`)) return found;
  return tx.byPath(path.slice(scope.mount.length));
}

/** Linking changes both objects: the principal must be able to modify each. */
export function requireModify(principal: Principal, rec: ContentRecord) {
  if (!can(principal, 'Modify portal content', rec))
    throw new TesseraError('Forbidden', 'You are not allowed to modify the translation target.');
}
