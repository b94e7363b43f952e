// Language root folders (plone.app.multilingual's setup): one LRF per site
// language at the site root, named by its code, titled in its own language,
// carrying that language, published, left out of navigation, with an
// "assets" LIF inside. Created in one transaction; folders that exist are
// left alone, and a language taken off the list keeps its folder (as PAM does).
import {
  type ContentRecord,
  defaultBehaviors,
  initialValues,
  type NewContent,
  ploneDate,
  securityFor,
  type TypeDef,
  type WriteTx,
  windowOf,
} from '@tessera/core';
import { newUid } from '../bootstrap.js';
import type { Site } from '../site.js';
import { isKnownLanguage, languageName, siteLanguages } from './languages.js';
import { LIF, LRF, multilingualTypes } from './types.js';

const ASSETS_ID = 'assets';

/** Installs the LRF and LIF types when missing; true when it did (the type registry must reload). */
export async function installMultilingualTypes(tx: WriteTx): Promise<boolean> {
  const known = new Set((await tx.listTypes()).map((t) => t.name));
  let changed = false;
  for (const def of multilingualTypes()) {
    if (known.has(def.id)) continue;
    await tx.putType(def.id, def);
    changed = true;
  }
  return changed;
}

/** One new folder's row: initial values, its language, published when its workflow can be. */
function folderRow(
  site: Site,
  parent: ContentRecord,
  def: TypeDef,
  props: { id: string; title: string; language: string },
): NewContent {
  const now = ploneDate(new Date());
  const data: Record<string, unknown> = {
    ...initialValues(def, defaultBehaviors()),
    title: props.title,
    language: props.language,
    exclude_from_nav: true,
    creators: ['admin'],
  };
  const wf = site.workflows.forType(def.id);
  if (wf) {
    // PAM publishes the roots when the workflow has a 'publish' transition to 'published'.
    const published = wf.transitions.publish?.to === 'published' ? 'published' : wf.initial;
    data.review_state = published;
    data.review_history = [
      { action: null, actor: 'admin', comments: '', review_state: wf.initial, time: now },
    ];
    if (published !== wf.initial)
      data.review_history = [
        ...(data.review_history as unknown[]),
        { action: 'publish', actor: 'admin', comments: '', review_state: published, time: now },
      ];
  }
  return {
    uid: newUid(),
    parentUid: parent.uid,
    id: props.id,
    type: def.id,
    created: now,
    modified: now,
    data,
    ...securityFor(parent.security, def.id, data, site.workflows),
    ...windowOf(data),
  };
}

/**
 * Creates the missing language roots (and their assets folders) for
 * `languages` (default: the site's), inside the caller's transaction.
 * Returns the uids it created and the root's, for cache invalidation.
 */
export async function ensureLanguageRoots(site: Site, tx: WriteTx, languages?: string[]): Promise<string[]> {
  const root = await tx.byPath('');
  const lrf = site.types.get(LRF)?.def;
  const lif = site.types.get(LIF)?.def;
  if (!root || !lrf || !lif) return [];
  const created: string[] = [];
  // The roots are translations of each other (PAM links them): one group.
  const existing = (await tx.ofTypes([LRF])).filter((r) => r.parentUid === root.uid);
  let group: string | undefined;
  for (const r of existing) group ??= (await tx.translationGroup(r.uid))?.group;
  group ??= newUid();
  for (const code of languages ?? siteLanguages(site)) {
    if (!isKnownLanguage(code) || (await tx.childIdExists(root.uid, code))) continue;
    const folder = await tx.insert(
      folderRow(site, root, lrf, { id: code, title: languageName(code), language: code }),
    );
    const assets = await tx.insert(
      folderRow(site, folder, lif, { id: ASSETS_ID, title: 'Assets', language: '' }),
    );
    await tx.setTranslationGroup(folder.uid, group);
    created.push(folder.uid, assets.uid);
  }
  if (created.length) {
    for (const r of existing)
      if (!(await tx.translationGroup(r.uid))) await tx.setTranslationGroup(r.uid, group);
    created.push(root.uid, ...existing.map((r) => r.uid));
  }
  return created;
}

/** After a settings write: roots for the languages a PATCH made available, on a multilingual site. */
export async function languageRootsFor(
  site: Site,
  tx: WriteTx,
  values: Record<string, unknown>,
): Promise<string[]> {
  const available = values['plone.available_languages'];
  if (site.config.multilingual.length === 0 || available === undefined) return [];
  const langs = siteLanguages(site, available);
  return langs.length > 1 ? ensureLanguageRoots(site, tx, langs) : [];
}

/**
 * At start: on a site with the `multilingual` setting, the types are
 * installed, the configured languages are made available, and the missing
 * language roots are created. A no-op on a site that has them all.
 */
export async function enableMultilingual(site: Site): Promise<void> {
  const wanted = site.config.multilingual;
  if (wanted.length === 0) return;
  const unknown = wanted.filter((l) => !isKnownLanguage(l));
  if (unknown.length) throw new Error(`multilingual: unknown language code(s) ${unknown.join(', ')}`);
  const available = siteLanguages(site);
  const missing = wanted.filter((l) => !available.includes(l));
  const changed = await site.storage.write({ principal: null, note: 'Multilingual set up' }, async (tx) => {
    const typesChanged = await installMultilingualTypes(tx);
    if (missing.length) {
      const stored = (await tx.getSetting<Record<string, unknown>>('registry')) ?? {};
      const registry: Record<string, unknown> = {
        ...stored,
        'plone.available_languages': [...available, ...missing],
      };
      // The first configured language is the site's when its current one is not among them.
      if (!available.length || !wanted.includes(String(stored['plone.default_language'] ?? '')))
        registry['plone.default_language'] = wanted[0];
      await tx.setSetting('registry', registry);
    }
    return typesChanged || missing.length > 0;
  });
  if (changed)
    await site.storage.read(async (tx) => {
      await site.reloadTypes(tx);
      await site.reloadSettings(tx);
    });
  const langs = siteLanguages(site);
  if (langs.length < 2) return;
  const create = () =>
    site.storage.write({ principal: null, note: 'Language root folders' }, (tx) =>
      ensureLanguageRoots(site, tx, langs),
    );
  // Several processes starting at once race for the same ids: the loser finds them made.
  await create().catch(create);
}
