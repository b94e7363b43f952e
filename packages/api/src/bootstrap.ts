// Creates a site in an empty database: the root object, the default types,
// the site registry, a JWT secret and the admin user. Idempotent: a database
// that has a site already is left alone.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  type Config,
  defaultBehaviors,
  defaultTypes,
  initialValues,
  ploneDate,
  type Storage,
} from '@tessera/core';
import type { RootWriteTx } from '@tessera/storage';
import { generatePassword, hashPassword } from './auth/passwords.js';
import { defaultRegistry } from './site-registry.js';

export interface InitResult {
  created: boolean;
  /** Set when no admin password was configured and one was generated. */
  generatedPassword?: string;
}

function rootInitial() {
  const def = defaultTypes().find((t) => t.id === 'Plone Site');
  return def ? initialValues(def, defaultBehaviors()) : {};
}

export const newUid = () => randomUUID().replace(/-/g, '');

export async function initSite(opts: { storage: Storage; config: Config }): Promise<InitResult> {
  const { storage, config } = opts;
  const exists = await storage.read((tx) => tx.getSetting<boolean>('site_created'));
  if (exists) return { created: false };
  const generatedPassword = config.adminPassword ? undefined : generatePassword();
  const passwordHash = await hashPassword(config.adminPassword ?? generatedPassword!);
  await storage.write({ principal: null, note: 'Site created' }, async (wtx) => {
    const tx = wtx as RootWriteTx;
    const now = ploneDate(new Date());
    await tx.insertRoot({
      uid: newUid(),
      id: config.siteId,
      type: 'Plone Site',
      created: now,
      modified: now,
      data: {
        ...rootInitial(),
        language: 'en',
        title: config.siteTitle,
        description: '',
        creators: ['admin'],
        blocks: {},
        blocks_layout: { items: [] },
      },
    });
    for (const def of defaultTypes()) await tx.putType(def.id, def);
    await tx.setSetting('registry', defaultRegistry(config));
    await tx.setSetting('jwt_secret', randomBytes(32).toString('base64url'));
    await tx.putUser({
      id: 'admin',
      login: 'admin',
      fullname: '',
      email: '',
      passwordHash,
      roles: ['Manager'],
    });
    await tx.setSetting('site_created', true);
  });
  return { created: true, generatedPassword };
}
