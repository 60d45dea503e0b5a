import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { DATABASE_FILE_NAME } from '../../src/main/db/database'
import type { AppCore } from '../../src/main/app'
import type { CallerContext } from '../../src/main/ipc/caller'
import type { ChannelName } from '../../src/shared/channels'
import type { ChannelOutput } from '../../src/shared/contract'
import type { ApiError, Result } from '../../src/shared/result'
import type { TestCore } from './core'

export { accountsWithHasher, CountingHasher, signInWithHasher } from './counting-hasher'

/**
 * The router's answer typed by its channel. The payload stays `unknown` on purpose: tests send
 * wrong payloads too, and the router must cope.
 */
export function call<K extends ChannelName>(
  core: AppCore,
  caller: CallerContext,
  channel: K,
  payload: unknown
): Promise<Result<ChannelOutput<K>>> {
  return core.router.handle(caller, channel, payload) as Promise<Result<ChannelOutput<K>>>
}

/** The error of a failed result (fails the test if it succeeded). */
export function errorOf(result: Result<unknown>): ApiError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`)
  return result.error
}

/** The data of a successful result (fails the test if it failed). */
export function dataOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`)
  return result.data
}

/** Every field error code of a failed result, by field. */
export function fieldCodes(result: Result<unknown>): Record<string, string[]> {
  const fields = errorOf(result).fields ?? {}
  return Object.fromEntries(Object.entries(fields).map(([name, errors]) => [name, errors.map((e) => e.code)]))
}

/** The raw bytes of the database file and its write-ahead log, as an attacker copying them sees them. */
export function rawDatabaseBytes(dataDir: string): Buffer {
  const file = join(dataDir, DATABASE_FILE_NAME)
  const parts = [file, `${file}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path))
  return Buffer.concat(parts)
}

/** The users table, every column, in id order: for "nothing changed" checks. */
export function usersTable(core: TestCore): unknown[] {
  return core.services.db.prepare('SELECT * FROM users ORDER BY id').all()
}

/** Every table, every row: so "nothing changed" is checked in full, whatever a call could touch. */
export function everyTable(core: AppCore): Record<string, unknown[]> {
  const db = core.services.db
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[]
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}"`).all()]))
}

export function passwordHashOf(core: TestCore, username: string): string {
  const row = core.services.db.prepare('SELECT password_hash AS hash FROM users WHERE username = ?').get(username) as
    { hash: string } | undefined
  expect(row, `user ${username}`).toBeDefined()
  return (row as { hash: string }).hash
}

/** The `$argon2id$v=19$m=…,t=…,p=…` head of a PHC string: its algorithm and parameters. */
export const phcParameters = (hash: string): string => hash.split('$').slice(0, 4).join('$')
