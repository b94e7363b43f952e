// Creates a site in an empty database: the root object, the default types,
// the site registry, a JWT secret and the admin user. Idempotent: a database
// that has a site already is left alone.
import { randomInt, randomUUID } from 'node:crypto';
import {
  type Config,
  DEFAULT_CHAIN,
  defaultBehaviors,
  defaultTypes,
  initialValues,
  ploneDate,
  type Storage,
  securityFor,
  WorkflowChain,
} from '@tessera/core';
import type { RootWriteTx } from '@tessera/storage';
import { generatePassword, hashPassword } from './auth/passwords.js';
import { newSecret } from './auth/secrets.js';
import { defaultRegistry } from './site-registry.js';
import { CATALOG_VERSION, SECURITY_VERSION, upgradeSite } from './site-upgrade.js';

export interface InitResult {
  created: boolean;
  /** Set when no admin password was configured and one was generated. */
  generatedPassword?: string;
}

function rootInitial(volto: boolean) {
  const def = defaultTypes({ volto }).find((t) => t.id === 'Plone Site');
  return def ? initialValues(def, defaultBehaviors()) : {};
}

/** The root page Volto shows on a new site: a title block and one text block. */
function voltoFrontPage(title: string) {
  const titleId = randomUUID();
  const textId = randomUUID();
  return {
    blocks: {
      [titleId]: { '@type': 'title' },
      [textId]: {
        '@type': 'slate',
        value: [{ type: 'p', children: [{ text: 'Welcome to your new Tessera site.' }] }],
        plaintext: 'Welcome to your new Tessera site.',
      },
    },
    blocks_layout: { items: [titleId, textId] },
    description: `${title}: powered by Tessera`,
  };
}

export const newUid = () => randomUUID().replace(/-/g, '');

export async function initSite(opts: { storage: Storage; config: Config }): Promise<InitResult> {
  const { storage, config } = opts;
  const exists = await storage.read((tx) => tx.getSetting<boolean>('site_created'));
  if (exists) {
    await upgradeSite(storage);
    return { created: false };
  }
  const volto = config.distribution === 'volto';
  const generatedPassword = config.adminPassword ? undefined : generatePassword();
  const passwordHash = await hashPassword(config.adminPassword ?? generatedPassword!);
  await storage.write({ principal: null, note: 'Site created' }, async (wtx) => {
    const tx = wtx as RootWriteTx;
    const now = ploneDate(new Date());
    const rootData = {
      ...rootInitial(volto),
      language: 'en',
      title: config.siteTitle,
      description: '',
      creators: ['admin'],
      ...(volto ? voltoFrontPage(config.siteTitle) : {}),
    };
    await tx.insertRoot({
      uid: newUid(),
      id: config.siteId,
      type: 'Plone Site',
      created: now,
      modified: now,
      data: rootData,
      ...securityFor(null, 'Plone Site', rootData, new WorkflowChain(DEFAULT_CHAIN)),
      effective: null,
      expires: null,
    });
    await tx.setSetting('workflow_chain', DEFAULT_CHAIN);
    await tx.setSetting('security_version', SECURITY_VERSION);
    await tx.setSetting('catalog_version', CATALOG_VERSION);
    for (const def of defaultTypes({ volto })) await tx.putType(def.id, def);
    await tx.setSetting('distribution', config.distribution);
    await tx.setSetting('registry', defaultRegistry(config));
    await tx.setSetting('jwt_secret', newSecret());
    await tx.putUser({
      id: 'admin',
      login: 'admin',
      fullname: '',
      email: '',
      passwordHash,
      roles: ['Manager'],
      properties: {},
      // Random, like every user's (services/users/common.ts newTokenGen).
      tokenGen: randomInt(1, 2 ** 30),
    });
    await tx.setSetting('site_created', true);
  });
  return { created: true, generatedPassword };
}
