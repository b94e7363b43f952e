// GET @vocabularies (every name) and GET @vocabularies/<name> (its terms,
// filtered, sorted and batched), on the site root or any content object:
// vocabularies are bound to the context they are asked on.
import {
  findVocabulary,
  type KeywordSource,
  notFound,
  sortByTitle,
  vocabularyNames,
  vocabularyTermsFor,
} from '@tessera/core';
import type { ServiceContext } from '../registry.js';
import { checkVocabulary, contextUrl, readTermQuery, termsBody, vocabularyEnv } from './terms.js';

export async function getVocabularies(ctx: ServiceContext, keywords: KeywordSource) {
  const base = `${contextUrl(ctx)}/@vocabularies`;
  if (ctx.args.length === 0)
    return { body: vocabularyNames().map((name) => ({ '@id': `${base}/${name}`, title: name })) };
  const name = ctx.args.join('/');
  const vocabulary = ctx.args.length === 1 ? findVocabulary(name) : undefined;
  if (!vocabulary) throw notFound(`The vocabulary '${name}' does not exist`);
  checkVocabulary(ctx, vocabulary);
  const q = readTermQuery(ctx);
  const terms = await vocabularyTermsFor(vocabulary, vocabularyEnv(ctx, keywords), {
    ...q.filter,
    limit: q.limit,
  });
  return { body: termsBody(ctx, `${base}/${name}`, q.sortOnTitle ? sortByTitle([...terms]) : terms) };
}
