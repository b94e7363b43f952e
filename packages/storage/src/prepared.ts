// Queries built and compiled once per storage instance, then executed with new
// parameter values. Building a Kysely query (immutable nodes, frozen objects,
// expression builders) and compiling it to SQL costs more than running a
// small indexed statement on SQLite; the hot queries skip both.
//
// The query is built with one sentinel value per argument and compiled by the
// storage's own Kysely instance, so the SQL is exactly what Kysely would
// produce for that dialect. The positions of the sentinels among the compiled
// parameters tell where each argument goes; everything else in the query
// (constants, the shape) is fixed at compile time.
import type { Compilable, CompiledQuery, Kysely, QueryResult, Transaction } from 'kysely';

export type Executor = Kysely<any> | Transaction<any>;

const sentinel = (i: number) => `\u0000tessera-prepared-argument-${i}\u0000`;

export class PreparedQuery<R, A extends unknown[]> {
  private readonly compiled: CompiledQuery<R>;
  /** For each compiled parameter taken from an argument: [parameter index, argument index]. */
  private readonly slots: Array<[number, number]> = [];

  /**
   * `build` receives `arity` placeholder values and returns the query; each
   * placeholder must be used where a parameter value goes (compared by value,
   * so it cannot be transformed on the way, e.g. inside a string).
   */
  constructor(arity: number, build: (...args: A) => Compilable<R>) {
    const args = Array.from({ length: arity }, (_, i) => sentinel(i));
    this.compiled = build(...(args as A)).compile();
    const params = this.compiled.parameters;
    for (let p = 0; p < params.length; p++) {
      const a = args.indexOf(params[p] as string);
      if (a !== -1) this.slots.push([p, a]);
    }
    for (let a = 0; a < arity; a++) {
      if (!this.slots.some(([, x]) => x === a))
        throw new Error(`Prepared query: argument ${a} is not a parameter of ${this.compiled.sql}`);
    }
  }

  get sql(): string {
    return this.compiled.sql;
  }

  /** The compiled query with these argument values. */
  bind(...args: A): CompiledQuery<R> {
    const parameters = this.compiled.parameters.slice();
    for (const [p, a] of this.slots) parameters[p] = args[a];
    return { query: this.compiled.query, queryId: this.compiled.queryId, sql: this.compiled.sql, parameters };
  }

  /** Runs on `db`: the storage's Kysely instance or a transaction (its connection). */
  run(db: Executor, ...args: A): Promise<QueryResult<R>> {
    return db.executeQuery(this.bind(...args));
  }
}

/**
 * Prepared queries whose shape depends on a count (`x in (?, ?, …)`), one per
 * count up to `max`; larger counts are built each time.
 */
export class PreparedByCount<R> {
  private readonly byCount = new Map<number, PreparedQuery<R, unknown[]>>();

  constructor(
    private readonly max: number,
    private readonly build: (values: unknown[], ...rest: unknown[]) => Compilable<R>,
    private readonly restArity = 0,
  ) {}

  run(db: Executor, values: readonly unknown[], ...rest: unknown[]): Promise<QueryResult<R>> {
    const n = values.length;
    if (n > this.max) return db.executeQuery(this.build([...values], ...rest));
    let q = this.byCount.get(n);
    if (!q) {
      const total = n + this.restArity;
      q = new PreparedQuery<R, unknown[]>(total, (...args) => this.build(args.slice(0, n), ...args.slice(n)));
      this.byCount.set(n, q);
    }
    return q.run(db, ...values, ...rest);
  }
}
