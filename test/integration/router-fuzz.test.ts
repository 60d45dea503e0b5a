import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANNEL_NAMES } from '../../src/shared/channels'
import { dataOf, usersTable } from '../helpers/accounts'
import { appWindow, makeTestCore, signUpInput, withFirstAdmin, type TestCore } from '../helpers/core'

const logged: string[] = []
let core: TestCore

beforeAll(async () => {
  core = makeTestCore({}, { logError: (message) => logged.push(message) })
  await withFirstAdmin(core)
  dataOf(await core.router.handle(appWindow('alice-window'), 'signUp', signUpInput('alice')))
})
afterAll(() => core?.dispose())

const FIELD_NAMES = [
  'username',
  'email',
  'password',
  'passwordConfirmation',
  'identifier',
  'oldPassword',
  'newPassword',
  'newPasswordConfirmation',
  'code',
  'id',
  'search',
  'isAdmin',
  'isActive',
  '__proto__',
  'constructor'
]

const fieldValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('alice', 'ALICE', 'alice@example.com', 'admin', 'violet-Anchor-92-quietly', '', ' '),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.string({ minLength: 5000, maxLength: 5001 })
)

/** Payloads shaped like real ones (known field names, wrong or right types) and anything at all. */
const payload = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldValue, { maxKeys: 5 }),
  fc.anything({ maxDepth: 3 }),
  fc.constant({})
)

const channel = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...CHANNEL_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) }
)

const caller = fc.record({
  windowId: fc.constantFrom('alice-window', 'admin-window', 'guest-window', 'mail-log'),
  kind: fc.constantFrom('app' as const, 'mail-log' as const)
})

function isWellFormed(result: unknown): boolean {
  if (result === null || typeof result !== 'object') return false
  const r = result as Record<string, unknown>
  if (r.ok === true) return Object.keys(r).sort().join() === 'data,ok' && r.data !== undefined
  if (r.ok !== false) return false
  const error = r.error as Record<string, unknown> | undefined
  return (
    Object.keys(r).sort().join() === 'error,ok' &&
    typeof error?.code === 'string' &&
    /^[a-z]+(_[a-z]+)*$/.test(error.code) &&
    typeof error.message === 'string' &&
    error.message.length > 0
  )
}

describe('the router under random input', () => {
  it('never throws, always answers a well-formed Result, and a refusal leaves the accounts untouched', async () => {
    await fc.assert(
      fc.asyncProperty(caller, channel, payload, async (who, name, body) => {
        const before = usersTable(core)
        const result = await core.router.handle(who, name, body)
        expect(isWellFormed(result), JSON.stringify(result)).toBe(true)
        expect(JSON.stringify(result)).not.toContain('$argon2')
        if (!result.ok) {
          expect(result.error.code).not.toBe('internal_error')
          expect(usersTable(core)).toEqual(before)
        }
      }),
      { numRuns: 400 }
    )
    expect(logged).toEqual([])
  })

  it('refuses every payload that is not a plain object, on every channel, without touching the accounts', async () => {
    const before = usersTable(core)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNEL_NAMES),
        fc.oneof(fc.string(), fc.integer(), fc.array(fc.anything()), fc.constant(null), fc.constant(undefined)),
        async (name, body) => {
          const kind = name === 'mailLogList' ? 'mail-log' : 'app'
          const result = await core.router.handle({ windowId: 'admin-window', kind }, name, body)
          expect(result.ok).toBe(false)
          if (!result.ok) expect(result.error.code).toBe('invalid_input')
        }
      ),
      { numRuns: 200 }
    )
    expect(usersTable(core)).toEqual(before)
  })
})
