import { afterEach, describe, expect, it } from 'vitest'
import type { CallerContext } from '../../src/main/ipc/caller'
import type { Result } from '../../src/shared/result'
import { appWindow, mailLogWindow, makeTestCore, signUpInput, STRONG_PASSWORD, type TestCore } from '../helpers/core'

let core: TestCore
afterEach(() => core?.dispose())

const NEW_PASSWORD = 'copper-Lantern-58-softly'
const WINDOWS = ['admin-window', 'w1', 'w2', 'w3']

interface Seen {
  responses: { call: string; result: Result<unknown> }[]
  tokens: Set<string>
}

/** Drives a realistic session of use through the router, keeping every response and every token issued. */
async function realisticUse(): Promise<Seen> {
  core = makeTestCore()
  const seen: Seen = { responses: [], tokens: new Set() }
  const call = async (caller: CallerContext, channel: string, payload: unknown) => {
    const result = await core.router.handle(caller, channel, payload)
    seen.responses.push({ call: `${caller.windowId} ${channel}`, result })
    for (const windowId of WINDOWS) {
      const token = core.router.windows.token(windowId)
      if (token) seen.tokens.add(token)
    }
    return result
  }
  const admin = appWindow('admin-window')
  const [w1, w2, w3] = [appWindow('w1'), appWindow('w2'), appWindow('w3')]

  await call(admin, 'getSession', {})
  await call(admin, 'getPasswordRules', {})
  await call(admin, 'createFirstAdmin', signUpInput('admin'))
  await call(w1, 'signUp', signUpInput('alice', 'short'))
  await call(w1, 'signUp', signUpInput('alice'))
  await call(w2, 'logIn', { identifier: 'alice', password: 'wrong-guess-1' })
  await call(w2, 'logIn', { identifier: 'ALICE@example.com', password: STRONG_PASSWORD })
  await call(w3, 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })
  await call(w1, 'getSession', {})
  await call(w1, 'reportActivity', {})
  await call(w1, 'changePassword', {
    oldPassword: 'nope',
    newPassword: NEW_PASSWORD,
    newPasswordConfirmation: NEW_PASSWORD
  })
  await call(w1, 'changePassword', {
    oldPassword: STRONG_PASSWORD,
    newPassword: NEW_PASSWORD,
    newPasswordConfirmation: NEW_PASSWORD
  })
  await call(w2, 'getSession', {})
  await call(w1, 'logOut', {})
  await call(w1, 'logIn', { identifier: 'alice', password: NEW_PASSWORD })
  await call(w1, 'requestPasswordReset', { email: 'alice@example.com' })
  await call(w1, 'requestPasswordReset', { email: 'nobody@example.com' })
  await call(mailLogWindow(), 'mailLogList', {})
  const list = await call(admin, 'adminListAccounts', {
    search: '',
    sort: 'username',
    direction: 'asc',
    offset: 0,
    limit: 50
  })
  const aliceId = core.services.users.byUsernameKey('alice')?.id ?? 0
  await call(admin, 'adminGetAccount', { id: aliceId })
  await call(admin, 'adminListAudit', { user: '', kind: '', offset: 0, limit: 100 })
  for (let attempt = 0; attempt < 6; attempt++) await call(w3, 'logIn', { identifier: 'ghost', password: 'guess-1234' })
  await call(w3, 'nope', {})
  await call(w3, 'signUp', { ...signUpInput('eve'), extra: 1 })
  core.clock.advanceSeconds(60 * 60)
  await call(w1, 'getSession', {})
  expect(list.ok).toBe(true)
  return seen
}

/** Every string and key in a response, with where it was found. */
function* walk(value: unknown, path: string): Generator<{ path: string; key?: string; text?: string }> {
  if (typeof value === 'string') yield { path, text: value }
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* walk(item, `${path}[${index}]`)
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield { path: `${path}.${key}`, key }
      yield* walk(item, `${path}.${key}`)
    }
  }
}

/** The stored hashes, in every form they could be leaked in. */
function storedSecrets(): string[] {
  const db = core.services.db
  const passwordHashes = db.prepare('SELECT password_hash FROM users').pluck().all() as string[]
  const binary = [
    ...(db.prepare('SELECT secret_hash FROM sessions').pluck().all() as Buffer[]),
    ...(db.prepare('SELECT code_hash FROM reset_codes').pluck().all() as Buffer[])
  ]
  return [
    ...passwordHashes.flatMap((hash) => [hash, hash.split('$').pop() as string]),
    ...binary.flatMap((hash) => [hash.toString('hex'), hash.toString('base64'), hash.toString('base64url')])
  ]
}

describe('IPC responses', () => {
  it('never carry a password hash, a session token or a stored secret, at any depth', async () => {
    const seen = await realisticUse()
    const secrets = storedSecrets()
    const tokenParts = [...seen.tokens].flatMap((token) => [token, ...token.split('.')])
    expect(seen.tokens.size).toBeGreaterThanOrEqual(4)
    expect(seen.responses.length).toBeGreaterThan(25)
    expect(secrets.length).toBeGreaterThan(4)

    for (const { call, result } of seen.responses) {
      for (const { path, key, text } of walk(result, call)) {
        if (key !== undefined) expect(key, path).not.toMatch(/hash|token|secret|salt/i)
        if (text === undefined) continue
        expect(text, path).not.toContain('$argon2')
        for (const part of tokenParts) expect(text.includes(part), `${path} holds a session token`).toBe(false)
        for (const secret of secrets) expect(text.includes(secret), `${path} holds a stored hash`).toBe(false)
        for (const password of [STRONG_PASSWORD, NEW_PASSWORD]) expect(text, path).not.toContain(password)
      }
    }
  })

  it('are plain data that survive the trip across IPC unchanged', async () => {
    const seen = await realisticUse()
    for (const { call, result } of seen.responses) {
      expect(structuredClone(result), call).toEqual(result)
      expect(JSON.parse(JSON.stringify(result)), call).toEqual(result)
    }
  })
})
