import { afterEach, describe, expect, it } from 'vitest'
import { SIGN_UP_LIMITS } from '../../src/main/core/accounts/signup-throttle'
import { call, fieldCodes } from '../helpers/accounts'
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

/** Lets every call started so far run up to its first wait. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/** Resolves once `count` slowed answers are waiting on the test's clock. */
async function waitingFor(on: TestCore, count: number): Promise<void> {
  while (on.clock.waiting.length < count) await settle()
  // And the answers that did not wait have reached their callers.
  await settle()
}

describe('sign-up probes for taken names and addresses', () => {
  it('past the workstation allowance are slowed, never refused; a genuine sign-up goes through at once', async () => {
    core = makeTestCore()
    await withUser(core)
    let answered = 0
    const burst = Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        signUp(probe(i), `probe-window-${i}`).then((answer) => {
          answered++
          return answer
        })
      )
    )
    const slowed = 50 - SIGN_UP_LIMITS.workstationWide
    await waitingFor(core, slowed)
    expect(answered).toBe(SIGN_UP_LIMITS.workstationWide)
    // Each slowed answer waits its turn behind the one before, and the turns grow apart.
    const turns = core.clock.waiting
    const gaps = turns.slice(1).map((at, i) => at - turns[i])
    expect(gaps.every((gap) => gap > 0)).toBe(true)
    expect(gaps[gaps.length - 1]).toBeGreaterThan(gaps[0])

    // Nobody else is stopped: a new name and address sign up at once, meanwhile.
    expect(await signUp(signUpInput('carol'), 'carol-window')).toMatchObject({ ok: true })
    expect(answered).toBe(SIGN_UP_LIMITS.workstationWide)

    core.clock.advanceSeconds(10 * 60)
    const answers = await burst
    // Every probe got the same answer in the end: slowing changes when, never what.
    for (const answer of answers) expect(fieldCodes(answer).email).toEqual(['email_taken'])
    expect(core.services.users.count()).toBe(3)
  })

  it('audits every counted failure and the allowance used up, without the text typed', async () => {
    core = makeTestCore()
    await withUser(core)
    const typedName = 'Secret-typed-name-77'
    const calls: Promise<unknown>[] = []
    for (let i = 0; i < SIGN_UP_LIMITS.workstationWide + 5; i++) {
      calls.push(signUp({ ...probe(i), username: i === 0 ? typedName : `probe${i}` }, `w${i}`))
    }
    await waitingFor(core, 5)
    core.clock.advanceSeconds(10 * 60)
    await Promise.all(calls)
    const failures = signUpFailures(core)
    const taken = failures.filter((e) => e.detail === 'email_taken' || e.detail?.startsWith('email_taken ('))
    expect(taken.length).toBeGreaterThan(0)
    expect(core.services.probePauses.view().find((p) => p.scope === 'sign_up')?.failures).toBe(
      SIGN_UP_LIMITS.workstationWide + 5
    )
    expect(failures.filter((e) => e.detail?.includes('on this workstation'))).toHaveLength(1)
    expect(JSON.stringify(failures)).not.toContain(typedName)
    expect(failures.every((e) => e.subjectUsername === null)).toBe(true)
  })

  it('slows one window after its own allowance, doubling, while other windows answer at once', async () => {
    core = makeTestCore()
    await withUser(core)
    const tryTaken = (i: number) => signUp({ ...signUpInput('alice'), email: `other${i}@example.com` }, 'one-window')
    for (let i = 0; i < SIGN_UP_LIMITS.perWindow; i++) expect(fieldCodes(await tryTaken(i))).toHaveProperty('username')
    const eleventh = tryTaken(10)
    await waitingFor(core, 1)
    expect(core.clock.waiting[0] - core.clock.now()).toBe(1000)
    expect(fieldCodes(await signUp(probe(1), 'another-window'))).toEqual({ email: ['email_taken'] })
    core.clock.advanceSeconds(1)
    expect(fieldCodes(await eleventh)).toHaveProperty('username')
    const twelfth = tryTaken(11)
    await waitingFor(core, 1)
    expect(core.clock.waiting[0] - core.clock.now()).toBe(2000)
    core.clock.advanceSeconds(2)
    await twelfth
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

  it('keeps the count and the turns in the database: a second process on the same folder waits in the same queue', async () => {
    core = makeTestCore()
    await withUser(core)
    for (let i = 0; i < SIGN_UP_LIMITS.workstationWide; i++) await signUp(probe(i), `w${i}`)
    second = openTestCore(core.dataDir, {}, { clock: core.clock })
    const first = signUp(probe(98), 'here')
    const later = signUp(probe(99), 'elsewhere', second)
    await waitingFor(core, 2)
    const [firstTurn, laterTurn] = core.clock.waiting
    expect(laterTurn).toBeGreaterThan(firstTurn)
    core.clock.advanceSeconds((firstTurn - core.clock.now()) / 1000)
    expect(fieldCodes(await first)).toEqual({ email: ['email_taken'] })
    expect(core.clock.waiting).toEqual([laterTurn])
    core.clock.advanceSeconds(60)
    expect(fieldCodes(await later)).toEqual({ email: ['email_taken'] })
  })
})
