// @@download/<field>[/<filename>] (always an attachment) and
// @@display-file/<field> (inline where that is safe): a File or Image
// field's bytes, streamed from the blob store with ETag, Last-Modified,
// 304s and single byte ranges — or handed to nginx (X-Accel-Redirect).
// Images and their scales: services/images/.
import type { ServiceRegistry } from '../registry.js';
import { serveField } from './serve-field.js';

export function registerDownload(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@download',
    permission: 'View',
    takesArgs: true,
    handler: (ctx) => serveField(ctx, 'attachment'),
  });
  services.add({
    method: 'GET',
    name: '@display-file',
    permission: 'View',
    takesArgs: true,
    handler: (ctx) => serveField(ctx, 'inline'),
  });
}
