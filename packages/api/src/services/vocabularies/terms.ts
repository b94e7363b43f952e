// What @vocabularies, @sources and @querysources share: reading the filter,
// sort and batch parameters, checking a vocabulary's own permission, and the
// {"@id", items, items_total, batching?} body plone.restapi's vocabulary
// serializer answers with.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/vocabularies.html
import {
  badRequest,
  can,
  type KeywordSource,
  type Term,
  type TermFilter,
  TesseraError,
  type Vocabulary,
  type VocabularyEnv,
} from '@tessera/core';
import { batchingLinks, readBatch } from '../../serializers/batching.js';
import { rawQueryOf } from '../content/serialize.js';
import type { ServiceContext } from '../registry.js';

/** Query parameters that page or sort; the canonical @id leaves them out (plone.restapi's HypermediaBatch). */
const PAGING = ['b_start', 'b_size', 'sort_on', 'sort_order', 'sort_limit'];

function single(ctx: ServiceContext, name: string): string | undefined {
  const v = ctx.query[name];
  if (Array.isArray(v)) throw badRequest(`"${name}" may be given once.`);
  return v;
}

export interface TermQuery {
  filter: Omit<TermFilter, 'limit'>;
  /** Most terms a storage-backed vocabulary is asked for. */
  limit: number;
  sortOnTitle: boolean;
}

/** title= / token= / tokens= and sort_on=title, as the vocabularies endpoint documents them. */
export function readTermQuery(ctx: ServiceContext): TermQuery {
  const title = single(ctx, 'title');
  const token = single(ctx, 'token');
  const raw = ctx.query.tokens;
  const tokens = raw === undefined ? undefined : Array.isArray(raw) ? raw : [raw];
  if (title && token) throw badRequest('You can not filter by title and token at the same time.');
  if (title && tokens) throw badRequest('You can not filter by title and tokens at the same time.');
  const sortOn = single(ctx, 'sort_on');
  if (sortOn !== undefined && sortOn !== 'title') throw badRequest('sort_on must be "title".');
  const filter: TermQuery['filter'] = token
    ? { tokens: [token] }
    : tokens
      ? { tokens }
      : title
        ? { title }
        : {};
  const start = Number(single(ctx, 'b_start') ?? 0);
  return {
    filter,
    limit: (Number.isSafeInteger(start) && start > 0 ? start : 0) + ctx.site.config.maxBatchSize,
    sortOnTitle: sortOn === 'title',
  };
}

/** The vocabulary's own permission on the context: 401 for anonymous, 403 for others (as plone.restapi). */
export function checkVocabulary(ctx: ServiceContext, v: Vocabulary) {
  if (can(ctx.principal, v.permission, ctx.content)) return;
  if (ctx.principal.id === null)
    throw new TesseraError(
      'Unauthorized',
      `You need to be authenticated to access the vocabulary '${v.name}'.`,
    );
  throw new TesseraError('Forbidden', `You are not authorized to access the vocabulary '${v.name}'.`);
}

export function vocabularyEnv(ctx: ServiceContext, keywords: KeywordSource): VocabularyEnv {
  return {
    tx: ctx.tx,
    context: ctx.content,
    principal: ctx.principal,
    types: ctx.site.types,
    settings: ctx.site.settings,
    keywords,
  };
}

const term = (t: Term) => ({ title: t.title ?? t.token, token: t.token });

/**
 * One page of terms. `b_size=-1` asks for all of them, answered like
 * plone.restapi: the plain URL and the items, no count, no links.
 */
export function termsBody(ctx: ServiceContext, url: string, terms: Term[]) {
  if (single(ctx, 'b_size') === '-1') return { '@id': url, items: terms.map(term) };
  const { config } = ctx.site;
  const batch = readBatch(ctx.query, { size: config.defaultBatchSize, max: config.maxBatchSize });
  const rawQuery = rawQueryOf(ctx);
  const params = new URLSearchParams(rawQuery);
  for (const p of PAGING) params.delete(p);
  const rest = params.toString();
  const body: Record<string, unknown> = {
    '@id': rest ? `${url}?${rest}` : url,
    items: terms.slice(batch.start, batch.start + batch.size).map(term),
    items_total: terms.length,
  };
  const links = batchingLinks(url, rawQuery, batch, terms.length);
  if (links) body.batching = links;
  return body;
}

/** URL of the context the request was made on. */
export const contextUrl = (ctx: ServiceContext) => ctx.urls.url(ctx.content.path);
