// The catalog's endpoints: @search, @querystring, @querystring-search.
import type { ServiceRegistry } from '../registry.js';
import { registerQuerystring } from './querystring.js';
import { registerQuerystringSearch } from './querystring-search.js';
import { registerSearch } from './search.js';

export function registerCatalogServices(services: ServiceRegistry) {
  registerSearch(services);
  registerQuerystring(services);
  registerQuerystringSearch(services);
}
