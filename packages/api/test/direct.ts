// Content written straight through core's createContent inside a storage
// transaction: the operation the API runs, without an HTTP request each
// (tests that need thousands of objects).
import { type ContentRecord, createContent, SYSTEM, type WriteTx } from '@tessera/core';
import type { TestSite } from './harness.js';

export function createDirect(s: TestSite, tx: WriteTx, parent: ContentRecord, body: Record<string, unknown>) {
  return createContent({
    tx,
    types: s.site.types,
    workflows: s.site.workflows,
    principal: SYSTEM,
    parent,
    body,
  });
}
