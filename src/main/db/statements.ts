import type { Statement } from 'better-sqlite3'
import type { Db } from './database'

export type Prepare = (sql: string) => Statement

const caches = new WeakMap<Db, Map<string, Statement>>()

/**
 * `db.prepare` compiles the SQL every call (tens of microseconds, more than the query itself on
 * a hot path like a login lookup). This compiles each text once per connection. A statement's mode
 * (pluck, raw) sticks, so a text is only ever used in one mode.
 */
export function preparedOnce(db: Db): Prepare {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map<string, Statement>()))
  const statements = cache
  return (sql) => {
    let statement = statements.get(sql)
    if (!statement) statements.set(sql, (statement = db.prepare(sql)))
    return statement
  }
}
