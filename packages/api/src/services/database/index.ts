// @database: figures about the database and this process's cache, in the
// shape Volto's Database panel reads (plone.restapi reports the ZODB's).
// Tessera's own meaning of each key:
//   db_name           the database's name (SQLite: its file name)
//   db_size           bytes the database occupies
//   database_size     content objects in the site (Plone: objects in the ZODB)
//   cache_size        how many serialized responses this process may cache
//   cache_length      how many it holds now; cache_length_bytes their bytes
//   cache_detail_length  one row per cache: this process's, with its shared
//                     components (navigation trees…) as ngsize
// plus database_kind, revisions, transactions, trashed_objects, blob_storage
// ('files' when new blobs go to a directory, else 'database') and the blobs
// held in the database (blobs_in_database, blob_bytes_in_database), which
// Plone does not have.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/database.html
import { requireSiteRoot } from '../../settings/store.js';
import type { ServiceRegistry } from '../registry.js';

export function registerDatabase(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@database',
    // plone.app.controlpanel.Overview, as in plone.restapi.
    permission: 'Plone Site Setup: Overview',
    async handler(ctx) {
      requireSiteRoot(ctx, '@database');
      const db = await ctx.tx.siteAdmin().databaseStats();
      const cache = ctx.site.cache.stats();
      return {
        body: {
          '@id': `${ctx.urls.siteUrl}/@database`,
          cache_detail_length: [
            { connection: `Tessera process ${process.pid}`, ngsize: cache.components, size: cache.entries },
          ],
          cache_length: cache.entries,
          cache_length_bytes: cache.bytes,
          cache_size: cache.capacity,
          database_size: db.objects,
          db_name: db.name,
          db_size: db.bytes,
          database_kind: db.dialect,
          revisions: db.revisions,
          transactions: db.transactions,
          trashed_objects: db.trashed,
          blob_storage: db.blobFiles ? 'files' : 'database',
          blobs_in_database: db.blobs,
          blob_bytes_in_database: db.blobBytes,
        },
      };
    },
  });
}
