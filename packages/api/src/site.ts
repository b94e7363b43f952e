// Everything one running site shares across requests: configuration, storage,
// the type registry, token service, user lookups and the serialization cache.
import type { ChainSetting, Config, ReadTx, Storage, UserRecord } from '@tessera/core';
import { DEFAULT_CHAIN, TypeRegistry, WorkflowChain } from '@tessera/core';
import type { FastifyBaseLogger } from 'fastify';
import type { Authenticator } from './auth/authenticate.js';
import { TokenService } from './auth/tokens.js';
import { SerializationCache } from './cache.js';

/** Users by id and login, read through to storage, dropped when users change. */
class UserDirectory {
  private byIdMap = new Map<string, UserRecord | null>();
  private byLoginMap = new Map<string, UserRecord | null>();

  constructor(private readonly storage: Storage) {}

  // Pass the request's transaction when there is one: storage connections are
  // not reentrant (SQLite has one), so a nested read would wait on itself.
  async byId(id: string, tx?: ReadTx) {
    let u = this.byIdMap.get(id);
    if (u === undefined) {
      u = (await (tx ? tx.userById(id) : this.storage.read((t) => t.userById(id)))) ?? null;
      this.byIdMap.set(id, u);
    }
    return u ?? undefined;
  }

  async byLogin(login: string, tx?: ReadTx) {
    let u = this.byLoginMap.get(login);
    if (u === undefined) {
      u = (await (tx ? tx.userByLogin(login) : this.storage.read((t) => t.userByLogin(login)))) ?? null;
      if (this.byLoginMap.size > 10_000) this.byLoginMap.clear();
      this.byLoginMap.set(login, u);
    }
    return u ?? undefined;
  }

  /** The cached record for a login, without going to storage (undefined if not cached). */
  peekLogin(login: string): UserRecord | undefined {
    return this.byLoginMap.get(login) ?? undefined;
  }

  invalidate() {
    this.byIdMap.clear();
    this.byLoginMap.clear();
  }
}

export class Site {
  readonly mount: string[];
  readonly users: UserDirectory;
  readonly types = new TypeRegistry();
  readonly cache: SerializationCache;
  tokens!: TokenService;
  auth!: Authenticator;
  rootUid!: string;
  settings: Record<string, unknown> = {};
  /** Which workflow each type follows (the 'workflow_chain' setting). */
  workflows = new WorkflowChain();

  constructor(
    readonly config: Config,
    readonly storage: Storage,
    readonly log: FastifyBaseLogger,
  ) {
    this.mount = config.sitePath.split('/').filter(Boolean);
    this.users = new UserDirectory(storage);
    this.cache = new SerializationCache(config.cacheEntries);
  }

  /** Loads what every request needs from storage (after bootstrap). */
  async load() {
    await this.storage.read(async (tx) => {
      const secret = await tx.getSetting<string>('jwt_secret');
      if (!secret) throw new Error('The site has no JWT secret: run `tessera init` first.');
      this.tokens = new TokenService(secret, this.config.tokenLifetime);
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

  async reloadSettings(tx: ReadTx) {
    this.settings = (await tx.getSetting<Record<string, unknown>>('registry')) ?? {};
    this.workflows = new WorkflowChain(
      (await tx.getSetting<ChainSetting>('workflow_chain')) ?? DEFAULT_CHAIN,
    );
  }
}
