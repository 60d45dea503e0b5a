import { afterEach, describe, expect, it } from 'vitest'
import { SIGN_UP_LIMITS } from '../../src/main/core/accounts/signup-throttle'
import { call, errorOf, fieldCodes } from '../helpers/accounts'
import { appWindow, makeTestCore, openTestCore, signUpInput, withUser, type TestCore } from '../helpers/core'
import { auditOf } from '../helpers/reset'

let core: TestCore
let second: TestCore | null = null
afterEach(() => {
  second?.close()
  second = null
  core?.dispose()
})

const signUp = (input: Record<string, unknown>, windowId: string, on: TestCore = core) =>
  call(on, appWindow(windowId), 'signUp', input)

/** Someone checking whether alice@example.com has an account, under a new name each time. */
const probe = (i: number) => ({ ...signUpInput(`probe${i}`), email: 'alice@example.com' })

const signUpFailures = (of: TestCore) => auditOf(of, 'sign_up').filter((e) => e.outcome === 'failure')

describe('sign-up probes for taken names and addresses', () => {
  it('answers too_many_attempts past the workstation-wide limit, for a burst from many windows', async () => {
    core = makeTestCore()
    await withUser(core)
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => signUp(probe(i), `probe-window-${i}`)))
    const taken = answers.filter((a) => !a.ok && errorOf(a).code === 'validation_failed')
    const refused = answers.filter((a) => !a.ok && errorOf(a).code === 'too_many_attempts')
    expect(taken).toHaveLength(SIGN_UP_LIMITS.workstationWide)
    expect(refused).toHaveLength(50 - SIGN_UP_LIMITS.workstationWide)
    for (const answer of taken) expect(fieldCodes(answer).email).toEqual(['email_taken'])
    // A refused probe learns nothing about the address: no field errors, just when to retry.
    for (const answer of refused) {
      expect(errorOf(answer).fields).toBeUndefined()
      expect(errorOf(answer).params).toEqual({ minutes: 15 })
    }
    expect(core.services.users.count()).toBe(2)

    // Everyone waits, even a genuine sign-up from a fresh window, until the period has passed.
    expect(errorOf(await signUp(signUpInput('carol'), 'carol-window')).code).toBe('too_many_attempts')
    core.clock.advanceSeconds(SIGN_UP_LIMITS.periodInSeconds)
    expect(await signUp(signUpInput('carol'), 'carol-window')).toMatchObject({ ok: true })
  })

  it('audits every counted failure and the limit reached, without the text typed', async () => {
    core = makeTestCore()
    await withUser(core)
    const typedName = 'Secret-typed-name-77'
    for (let i = 0; i < SIGN_UP_LIMITS.workstationWide + 5; i++) {
      await signUp({ ...probe(i), username: i === 0 ? typedName : `probe${i}` }, `w${i}`)
    }
    const failures = signUpFailures(core)
    expect(failures.filter((e) => e.detail === 'email_taken')).toHaveLength(SIGN_UP_LIMITS.workstationWide)
    expect(failures.filter((e) => e.detail?.includes('on this workstation'))).toHaveLength(1)
    expect(JSON.stringify(failures)).not.toContain(typedName)
    expect(failures.every((e) => e.subjectUsername === null)).toBe(true)
  })

  it('stops one window after its own limit while other windows may still try', async () => {
    core = makeTestCore()
    await withUser(core)
    const answers: string[] = []
    for (let i = 0; i <= SIGN_UP_LIMITS.perWindow; i++) {
      // A taken username this time: the same count.
      const result = await signUp({ ...signUpInput('alice'), email: `other${i}@example.com` }, 'one-window')
      answers.push(errorOf(result).code)
    }
    expect(answers).toEqual([...Array(SIGN_UP_LIMITS.perWindow).fill('validation_failed'), 'too_many_attempts'])
    expect(fieldCodes(await signUp(probe(1), 'another-window'))).toEqual({ email: ['email_taken'] })
    expect(signUpFailures(core).filter((e) => e.detail?.includes('in one window'))).toHaveLength(1)
  })

  it('does not count failures that reveal no account (a weak password, a malformed address)', async () => {
    core = makeTestCore()
    await withUser(core)
    for (let i = 0; i < SIGN_UP_LIMITS.workstationWide + 5; i++) {
      const weak = await signUp({ ...signUpInput(`new${i}`), password: 'short', passwordConfirmation: 'short' }, 'w')
      expect(fieldCodes(weak)).toHaveProperty('password')
      expect(fieldCodes(await signUp({ ...signUpInput(`new${i}`), email: 'not an address' }, 'w'))).toHaveProperty(
        'email'
      )
    }
    expect(await signUp(signUpInput('dave'), 'w')).toMatchObject({ ok: true })
    expect(signUpFailures(core)).toEqual([])
  })

  it('keeps the count in the database: a second process on the same folder is refused too', async () => {
    core = makeTestCore()
    await withUser(core)
    for (let i = 0; i < SIGN_UP_LIMITS.workstationWide; i++) await signUp(probe(i), `w${i}`)
    second = openTestCore(core.dataDir, {}, { clock: core.clock })
    expect(errorOf(await signUp(probe(99), 'elsewhere', second)).code).toBe('too_many_attempts')
  })
})
