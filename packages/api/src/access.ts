// The request-side helpers of the security model: the listing filter for a
// principal (pushed into SQL by storage), and the refusal a failed check
// answers with.
import {
  type ContentRecord,
  can,
  type ListFilter,
  type Principal,
  principalTokens,
  TesseraError,
} from '@tessera/core';

/** How long a cached listing filtered by publication window may be served (the window moves with time). */
export const WINDOWED_CACHE_MS = 60_000;

/** Shared by a request's serializers: the latest instant its cached body stays true. */
export interface CacheBounds {
  until: number;
}

export function listFilter(principal: Principal, container: ContentRecord, bounds?: CacheBounds): ListFilter {
  const showInactive = can(principal, 'Access inactive portal content', container);
  if (!showInactive && bounds) bounds.until = Math.min(bounds.until, Date.now() + WINDOWED_CACHE_MS);
  return { tokens: principalTokens(principal), activeAt: showInactive ? null : new Date().toISOString() };
}

/**
 * Refused by the publisher, before any service runs: Plone answers in the
 * flat {type, message, context} form here, as for traversal 404s.
 * Anonymous gets 401 (log in and try again), a known user 403.
 */
export function refusal(principal: Principal, contextUrl: string): TesseraError {
  const extra = { context: contextUrl };
  return principal.id === null
    ? new TesseraError('Unauthorized', 'You are not authorized to access this resource.', { extra })
    : new TesseraError('Forbidden', 'You are not authorized to access this resource.', { extra });
}
