// GET <content>/@querysources/<field>?query=…: search a field's queryable
// source (users, groups, keywords). plone.restapi never enumerates a query
// source here: without ?query= the answer is a 400.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/vocabularies.html#querying-a-query-source
import { badRequest, type KeywordSource, notFound, vocabularyTermsFor } from '@tessera/core';
import type { ServiceContext } from '../registry.js';
import {
  checkVocabulary,
  contextUrl,
  readTermQuery,
  termsBody,
  vocabularyEnv,
} from '../vocabularies/terms.js';
import { sourceOf } from './field.js';

export async function getQuerySource(ctx: ServiceContext, keywords: KeywordSource) {
  const { field, source } = sourceOf(ctx);
  if (source.kind !== 'vocabulary' || !source.vocabulary.queryable)
    throw notFound(`Field '${field}' does not have a query source`);
  const query = ctx.query.query;
  if (query === undefined)
    throw badRequest(
      'Enumerating querysources is not supported. Please search the source using the ?query= QS parameter',
    );
  if (typeof query !== 'string') throw badRequest('"query" may be given once.');
  checkVocabulary(ctx, source.vocabulary);
  const { limit } = readTermQuery(ctx);
  const env = vocabularyEnv(ctx, keywords);
  const terms = await vocabularyTermsFor(source.vocabulary, env, { title: query, limit });
  return { body: termsBody(ctx, `${contextUrl(ctx)}/@querysources/${field}`, terms) };
}
