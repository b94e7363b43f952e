// Everything one running site shares across requests: configuration, storage,
// the type registry, token service, user lookups and the serialization cache.
import {
  AUTHENTICATED_GROUP,
  type ChainSetting,
  type Config,
  DEFAULT_CHAIN,
  defaultIndexerContext,
  defaultUserFields,
  fileFieldFacts,
  type GroupRecord,
  type Principal,
  type ReadTx,
  relationFieldNames,
  type Storage,
  TypeRegistry,
  transitiveGroups,
  type UserField,
  type UserRecord,
  WorkflowChain,
} from '@tessera/core';
import type { FastifyBaseLogger } from 'fastify';
import type { Authenticator } from './auth/authenticate.js';
import { readSecrets } from './auth/secrets.js';
import { Throttle } from './auth/throttle.js';
import { TokenService } from './auth/tokens.js';
import { SerializationCache } from './cache.js';
import { linkOrigins } from './link-origins.js';
import { Mailer } from './mail/mailer.js';
import { forgetScaleMemo } from './services/images/scale-store.js';

/**
 * Users and groups by id and login, read through to storage, dropped when
 * any principal changes (site.sync() sees the `users` flag, which group and
 * membership changes raise too). Also resolves a user's Principal: groups
 * transitively (nested groups, plus AuthenticatedUsers) and the global roles
 * granted directly and through those groups.
 */
class UserDirectory {
  private byIdMap = new Map<string, UserRecord | null>();
  private byLoginMap = new Map<string, UserRecord | null>();
  private groupMap = new Map<string, GroupRecord | null>();
  /** Group id → the groups it is a direct member of. */
  private parentMap = new Map<string, string[]>();
  private principals = new Map<string, { user: UserRecord; principal: Principal }>();
  /** Login sessions ended by @logout (loaded once per generation). */
  private revoked?: Promise<Set<string>>;
  /** Bumped by invalidate(): a lookup that started before must not fill the caches. */
  private generation = 0;

  constructor(private readonly storage: Storage) {}

  // Pass the request's transaction when there is one: storage connections are
  // not reentrant (SQLite has one), so a nested read would wait on itself.
  private run<T>(tx: ReadTx | undefined, fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    return tx ? fn(tx) : this.storage.read(fn);
  }

  /**
   * The generation a lookup's result may be cached under; none (-1) inside a
   * write transaction: it sees its own uncommitted changes, which the cache
   * must neither serve it stale nor keep if it rolls back.
   */
  private genFor(tx: ReadTx | undefined): number {
    return tx && 'tid' in tx ? -1 : this.generation;
  }

  private remember<K, V>(map: Map<K, V>, gen: number, key: K, value: V) {
    if (gen !== this.generation) return;
    if (map.size > 10_000) map.clear();
    map.set(key, value);
  }

  async byId(id: string, tx?: ReadTx) {
    let u = this.genFor(tx) < 0 ? undefined : this.byIdMap.get(id);
    if (u === undefined) {
      const gen = this.genFor(tx);
      u = (await this.run(tx, (t) => t.userById(id))) ?? null;
      this.remember(this.byIdMap, gen, id, u);
    }
    return u ?? undefined;
  }

  async byLogin(login: string, tx?: ReadTx) {
    let u = this.genFor(tx) < 0 ? undefined : this.byLoginMap.get(login);
    if (u === undefined) {
      const gen = this.genFor(tx);
      u = (await this.run(tx, (t) => t.userByLogin(login))) ?? null;
      this.remember(this.byLoginMap, gen, login, u);
    }
    return u ?? undefined;
  }

  /** The cached record for a login, without going to storage (undefined if not cached). */
  peekLogin(login: string): UserRecord | undefined {
    return this.byLoginMap.get(login) ?? undefined;
  }

  async group(id: string, tx?: ReadTx) {
    let g = this.genFor(tx) < 0 ? undefined : this.groupMap.get(id);
    if (g === undefined) {
      const gen = this.genFor(tx);
      g = (await this.run(tx, (t) => t.groupById(id))) ?? null;
      this.remember(this.groupMap, gen, id, g);
    }
    return g ?? undefined;
  }

  /** The groups any of `groupIds` is a direct member of. */
  async parentsOf(groupIds: string[], tx?: ReadTx): Promise<string[]> {
    const out: string[] = [];
    const write = this.genFor(tx) < 0;
    const missing = groupIds.filter((g) => {
      const known = write ? undefined : this.parentMap.get(g);
      if (known) out.push(...known);
      return !known;
    });
    if (missing.length) {
      const gen = this.genFor(tx);
      await this.run(tx, async (t) => {
        for (const g of missing) {
          const parents = await t.memberOf('group', g);
          this.remember(this.parentMap, gen, g, parents);
          out.push(...parents);
        }
      });
    }
    return out;
  }

  /** Every group the user is in, directly or through nested groups, plus AuthenticatedUsers. */
  async groupsOf(userId: string, tx?: ReadTx): Promise<Set<string>> {
    const direct = await this.run(tx, (t) => t.memberOf('user', userId));
    const groups = await transitiveGroups(direct, (ids) => this.parentsOf(ids, tx));
    groups.add(AUTHENTICATED_GROUP);
    return groups;
  }

  /** The user as a Principal: transitive groups and the global roles they grant. */
  async principal(user: UserRecord, tx?: ReadTx): Promise<Principal> {
    const known = this.genFor(tx) < 0 ? undefined : this.principals.get(user.id);
    if (known && known.user === user) return known.principal;
    const gen = this.genFor(tx);
    const groups = await this.groupsOf(user.id, tx);
    const roles = new Set([...user.roles, 'Authenticated']);
    for (const id of groups) for (const role of (await this.group(id, tx))?.roles ?? []) roles.add(role);
    roles.delete('Anonymous');
    const principal: Principal = { id: user.id, fullname: user.fullname, roles, groups };
    this.remember(this.principals, gen, user.id, { user, principal });
    return principal;
  }

  /** Whether @logout ended this login session. */
  async isRevoked(sid: string): Promise<boolean> {
    if (!this.revoked) {
      const load = this.storage
        .read((t) => t.revokedSessions(new Date().toISOString()))
        .then((l) => new Set(l));
      this.revoked = load;
      load.catch(() => {
        if (this.revoked === load) this.revoked = undefined;
      });
    }
    return (await this.revoked).has(sid);
  }

  invalidate() {
    this.generation++;
    this.revoked = undefined;
    this.byIdMap.clear();
    this.byLoginMap.clear();
    this.groupMap.clear();
    this.parentMap.clear();
    this.principals.clear();
  }
}

export class Site {
  readonly mount: string[];
  readonly users: UserDirectory;
  readonly types = new TypeRegistry();
  readonly cache: SerializationCache;
  readonly mailer: Mailer;
  /** Failed password checks (login, Basic, old_password) per account and address. */
  readonly loginThrottle: Throttle;
  /** Password reset mails requested, per account and address. */
  readonly resetThrottle: Throttle;
  tokens!: TokenService;
  auth!: Authenticator;
  rootUid!: string;
  settings: Record<string, unknown> = {};
  /** Which workflow each type follows (the 'workflow_chain' setting). */
  workflows = new WorkflowChain();
  /** The member profile schema (@userschema). */
  userFields: UserField[] = defaultUserFields();

  constructor(
    readonly config: Config,
    readonly storage: Storage,
    readonly log: FastifyBaseLogger,
  ) {
    this.mount = config.sitePath.split('/').filter(Boolean);
    this.users = new UserDirectory(storage);
    this.cache = new SerializationCache(config.cacheEntries);
    this.mailer = new Mailer(config, log);
    const windowMs = config.loginThrottleWindow * 1000;
    this.loginThrottle = new Throttle({
      account: config.loginMaxFailures,
      address: config.loginMaxFailuresPerAddress,
      windowMs,
    });
    this.resetThrottle = new Throttle({ account: 3, address: 10, windowMs }, 'password reset requests');
  }

  /** Loads what every request needs from storage (after bootstrap). */
  async load() {
    // The catalog asks the site's types (TTW ones included) whether they are folderish.
    const stock = defaultIndexerContext;
    this.storage.useIndexer({
      isFolderish: (type) => this.types.get(type)?.def.folderish ?? stock.isFolderish(type),
      fileFields: (type) => {
        const info = this.types.get(type);
        return info ? fileFieldFacts(info) : stock.fileFields(type);
      },
      relationFields: (type) => relationFieldNames(this.types.get(type)),
      linkScope: { mount: this.config.sitePath, origins: linkOrigins(this.config) },
    });
    await this.storage.read(async (tx) => {
      const root = await tx.byPath('');
      if (!root) throw new Error('The site has no root object: run `tessera init` first.');
      this.rootUid = root.uid;
      await this.reloadTypes(tx);
      await this.reloadSettings(tx);
      this.seenTid = await tx.lastTid();
    });
  }

  /** The newest tid this process has caught up with (see sync()). */
  private seenTid = 0;

  /**
   * Catches up with commits made by any process (this one included): drops
   * cached serializations of changed objects and reloads types, settings and
   * users when they changed. One cheap query when nothing changed. Returns the
   * tid the caller's reads are at least as new as.
   */
  async sync(): Promise<number> {
    const since = this.seenTid;
    const ch = await this.storage.changesSince(since);
    if (ch.lastTid <= this.seenTid) return this.seenTid;
    this.cache.changed(ch.uids, ch.lastTid);
    if (ch.types || ch.settings || ch.users) {
      this.cache.changedEverything(ch.lastTid);
      // Pack's marker is a settings change: scale rows it removed must not be remembered.
      if (ch.settings) forgetScaleMemo();
      if (ch.users) this.users.invalidate();
      if (ch.types || ch.settings) {
        await this.storage.read(async (tx) => {
          if (ch.types) await this.reloadTypes(tx);
          if (ch.settings) await this.reloadSettings(tx);
        });
      }
    }
    this.seenTid = Math.max(this.seenTid, ch.lastTid);
    return this.seenTid;
  }

  async reloadTypes(tx: ReadTx) {
    this.types.load(await tx.listTypes());
  }

  /** The registry, the JWT secrets (a rotation elsewhere lands here) and the profile schema. */
  async reloadSettings(tx: ReadTx) {
    this.settings = (await tx.getSetting<Record<string, unknown>>('registry')) ?? {};
    this.workflows = new WorkflowChain(
      (await tx.getSetting<ChainSetting>('workflow_chain')) ?? DEFAULT_CHAIN,
    );
    const secrets = await readSecrets(tx);
    if (!secrets) throw new Error('The site has no JWT secret: run `tessera init` first.');
    if (this.tokens) this.tokens.setSecrets(secrets);
    else this.tokens = new TokenService(secrets, this.config.tokenLifetime);
    this.userFields = (await tx.getSetting<UserField[]>('userschema')) ?? defaultUserFields();
  }
}
