// Where a translation of an object into a language belongs (PAM's default
// ITranslationLocator): inside the translation, in that language, of the
// nearest ancestor that has one; for content right in a language root, the
// root of the target language; else the site root.
import type { ContentRecord, ReadTx } from '@tessera/core';
import { groupOf } from './translations.js';

export async function locateTranslation(
  tx: ReadTx,
  rec: ContentRecord,
  language: string,
): Promise<ContentRecord> {
  const chain = await tx.ancestors(rec.path);
  const root = chain[0] ?? rec;
  for (let i = chain.length - 1; i >= 1; i--) {
    const translated = (await groupOf(tx, chain[i]!))?.members.get(language);
    if (translated) return translated;
  }
  // Language roots are named by their code.
  return (await tx.byPath(`${root.path}/${language}`)) ?? root;
}
