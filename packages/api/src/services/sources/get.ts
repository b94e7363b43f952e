// GET <content>/@sources/<field>: the terms of a field's source, filtered,
// sorted and batched like a vocabulary. Fields with inline choices (Choice
// and Multiple Choice added through the web) link here from their schema.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/vocabularies.html#get-a-source
import { filterTerms, type KeywordSource, sortByTitle, type Term, vocabularyTermsFor } from '@tessera/core';
import type { ServiceContext } from '../registry.js';
import {
  checkVocabulary,
  contextUrl,
  readTermQuery,
  termsBody,
  vocabularyEnv,
} from '../vocabularies/terms.js';
import { sourceOf } from './field.js';

export async function getSource(ctx: ServiceContext, keywords: KeywordSource) {
  const { field, source } = sourceOf(ctx);
  const q = readTermQuery(ctx);
  let terms: Term[];
  if (source.kind === 'inline') terms = filterTerms(source.terms, q.filter);
  else {
    checkVocabulary(ctx, source.vocabulary);
    const env = vocabularyEnv(ctx, keywords);
    terms = await vocabularyTermsFor(source.vocabulary, env, { ...q.filter, limit: q.limit });
  }
  if (q.sortOnTitle) terms = sortByTitle([...terms]);
  return { body: termsBody(ctx, `${contextUrl(ctx)}/@sources/${field}`, terms) };
}
