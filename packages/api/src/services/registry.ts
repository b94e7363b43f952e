// Services are looked up by (HTTP method, @name). Every service declares the
// permission it needs; registering one without a permission is an error.
import type { ContentRecord, Permission, Principal, ReadTx, WriteTx } from '@tessera/core';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { CacheBounds } from '../access.js';
import type { Site } from '../site.js';
import type { SiteUrls } from '../traversal.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface ServiceContext<TTx extends ReadTx = ReadTx> {
  site: Site;
  req: FastifyRequest;
  log: FastifyBaseLogger;
  principal: Principal;
  tx: TTx;
  content: ContentRecord;
  args: string[];
  urls: SiteUrls;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Uids whose cached serializations this request invalidates on commit. */
  touched: Set<string>;
  /** Set when the request changed content types, users or settings. */
  changedRegistry: { types?: boolean; users?: boolean; settings?: boolean };
  /** Serializers that filter by time (publication windows) shorten how long the reply may be cached. */
  cacheBounds: CacheBounds;
  /**
   * Work to run once the request's transaction has committed (or, for a
   * read, ended), before the reply is sent: mail, follow-up writes. Not run
   * when the handler fails. An error it throws becomes the response.
   */
  afterCommit(fn: () => Promise<void>): void;
  /** What the service's `stage` step returned (uploads), else undefined. */
  staged?: unknown;
}

/** What a `stage` step sees: the request, before any transaction (the permission is checked already). */
export type StageContext = Omit<
  ServiceContext,
  'tx' | 'touched' | 'changedRegistry' | 'cacheBounds' | 'afterCommit' | 'staged'
>;

export interface Staged {
  /** Handed to the handler as ctx.staged. */
  value?: unknown;
  /** Answer now, without running the handler or opening a transaction. */
  reply?: Reply;
  /** Undo what staging left behind when the handler fails (a temporary file). */
  discard?: () => Promise<void>;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Media type of a JSON body (default application/json). */
  contentType?: string;
  /** The body is a stream or buffer to send as is. */
  stream?: boolean;
  /** Uids the body was built from, for the serialization cache. */
  deps?: string[];
  /** The object's own version (its last tid), carried in the ETag for If-Match. */
  version?: number;
}

export interface ServiceDef<TTx extends ReadTx = ReadTx> {
  method: Method;
  /** '@types', or null for the content object itself. */
  name: string | null;
  permission: Permission;
  /** Runs in a write transaction; defaults to true for every method but GET. */
  writes?: boolean;
  /**
   * Refuse with 423 when the context object is locked by someone else (or
   * the request lacks the lock's `Lock-Token`): see api/src/locking.ts.
   * Default: true for every write except adding content inside (POST on the
   * object itself); site administration services say false.
   */
  locks?: boolean;
  /** Accepts a trailing path after the name (e.g. @types/Document/field). */
  takesArgs?: boolean;
  /** Takes form bodies (urlencoded, multipart) as a FormBody; others answer 415 to them. */
  acceptsForm?: boolean;
  /**
   * Reads the request body before the transaction opens (uploads stream to
   * the blob store or a TUS file without holding the write lock). Runs after
   * the permission check on the context object. The body is then a RawBody
   * (multipart, TUS chunks) or the parsed JSON.
   */
  stage?(ctx: StageContext): Promise<Staged>;
  /** Run `stage` only for streamed bodies (multipart), not for JSON ones (which need no extra read). */
  stageOnlyUploads?: boolean;
  /** GET whose reply may be served from the serialization cache (needs `deps`). */
  cacheable?: boolean;
  handler(ctx: ServiceContext<TTx>): Promise<Reply>;
}

export class ServiceRegistry {
  private readonly services = new Map<string, ServiceDef<any>>();
  private readonly names = new Set<string | null>();

  add<TTx extends ReadTx = ReadTx>(def: ServiceDef<TTx>) {
    if (!def.permission) throw new Error(`service ${def.method} ${def.name} declares no permission`);
    const key = `${def.method} ${def.name ?? ''}`;
    if (this.services.has(key)) throw new Error(`service ${key} registered twice`);
    this.services.set(key, def);
    this.names.add(def.name);
  }

  find(method: string, name: string | null): ServiceDef<ReadTx | WriteTx> | undefined {
    return this.services.get(`${method} ${name ?? ''}`);
  }

  /** Whether any method serves this name (so a miss is 405, not 404). */
  knows(name: string | null): boolean {
    return this.names.has(name);
  }

  allowedMethods(name: string | null): string[] {
    return ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'].filter((m) =>
      this.services.has(`${m} ${name ?? ''}`),
    );
  }
}
