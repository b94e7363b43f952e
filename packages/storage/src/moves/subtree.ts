// SQL for "this object and everything below it", by path, per database: the
// set-based statements of a move select their rows with it.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DialectCaps } from '../dialect.js';

/** LIKE pattern for paths strictly below `path`, with '!' escaping the wildcards. */
export function belowPattern(path: string): string {
  return `${path.replace(/[!%_]/g, (c) => `!${c}`)}/%`;
}

/**
 * `column` is strictly below `path`: LIKE with '!' as the escape character,
 * which every database takes alike (SQLite's LIKE has no default escape, so
 * a backslash-escaped `_` there matches a backslash and any character).
 */
export function likeBelow(column: string, path: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${belowPattern(path)} escape '!'`;
}

/**
 * `column` is `path` or below it. Tables whose path compares bytewise
 * (`binary`: catalog, redirects) and SQLite's objects (binary by default)
 * use a range of the path index; elsewhere objects.path has the database's
 * collation, so LIKE (case-insensitive on MariaDB, which is safe: its
 * (parent_uid, id) key is case-insensitive too, so no sibling differs from
 * `path` only by case).
 */
export function inSubtree(
  caps: DialectCaps,
  column: string,
  path: string,
  binary: boolean,
): RawBuilder<SqlBool> {
  const c = sql.ref(column);
  if (binary || caps.name === 'sqlite')
    return sql<SqlBool>`(${c} = ${path} or (${c} >= ${`${path}/`} and ${c} < ${`${path}0`}))`;
  return sql<SqlBool>`(${c} = ${path} or ${c} like ${belowPattern(path)} escape '!')`;
}

/** `newPrefix` followed by what comes after the first `oldLength` characters of `column`. */
export function replacePrefix(caps: DialectCaps, column: string, newPrefix: string, oldLength: number) {
  const c = sql.ref(column);
  return caps.name === 'mysql'
    ? sql<string>`concat(${newPrefix}, substr(${c}, ${oldLength + 1}))`
    : sql<string>`(${newPrefix} || substr(${c}, ${oldLength + 1}))`;
}

/** Characters as SQL counts them (code points), not UTF-16 units. */
export const sqlLength = (s: string) => [...s].length;
