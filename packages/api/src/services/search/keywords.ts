// The Keywords vocabulary's source: the Subject values in the catalog.
// Like Plone's, it lists every tag in use (the vocabulary itself needs
// "Modify portal content"), filtered by title substring or exact tokens.
import type { KeywordSource } from '@tessera/core';

export const catalogKeywords: KeywordSource = {
  async keywords(tx, filter) {
    let values = await tx.keywordValues('Subject', null);
    if (filter.tokens) {
      const wanted = new Set(filter.tokens.map((t) => t.toLowerCase()));
      values = values.filter((v) => wanted.has(v.toLowerCase()));
    }
    if (filter.title) {
      const needle = filter.title.toLowerCase();
      values = values.filter((v) => v.toLowerCase().includes(needle));
    }
    return values.slice(0, filter.limit);
  },
};
