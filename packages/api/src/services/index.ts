// Every service the backend offers, registered in one place.
import { registerComponents } from './components/index.js';
import { registerContent } from './content/index.js';
import { registerRemovedComponents } from './contextnavigation/index.js';
import { registerControlpanels } from './controlpanels/index.js';
import { registerDownload } from './download/index.js';
import { registerGroups } from './groups/index.js';
import { registerLogin } from './login/login.js';
import { registerJwtSecret } from './login/secret.js';
import { registerPrincipals } from './principals/index.js';
import type { ServiceRegistry } from './registry.js';
import { registerRegistry } from './registry-settings/index.js';
import { registerRoles } from './roles/index.js';
import { registerCatalogServices } from './search/index.js';
import { catalogKeywords } from './search/keywords.js';
import { registerSharing } from './sharing/index.js';
import { registerSite } from './site/site.js';
import { registerSiteLogo } from './site/site-logo.js';
import { registerSystem } from './system/system.js';
import { registerTypes } from './types/index.js';
import { registerUsers } from './users/index.js';
import { registerUserSchema } from './userschema/index.js';
import { registerVocabularies } from './vocabularies/index.js';
import { registerWorkflow } from './workflow/index.js';

export function registerAllServices(services: ServiceRegistry) {
  registerContent(services);
  registerDownload(services);
  registerComponents(services);
  registerRemovedComponents(services);
  registerLogin(services);
  registerSharing(services);
  registerSite(services);
  registerSiteLogo(services);
  registerSystem(services);
  registerTypes(services);
  registerWorkflow(services);
  registerRegistry(services);
  registerControlpanels(services);
  registerUsers(services);
  registerGroups(services);
  registerPrincipals(services);
  registerRoles(services);
  registerUserSchema(services);
  registerJwtSecret(services);
  registerCatalogServices(services);
  registerVocabularies(services, { keywords: catalogKeywords });
}
