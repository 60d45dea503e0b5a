import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { displayResetCode, newResetCode, parseResetCode } from '../../src/main/core/support/one-time-code'
import { systemRandomBytes } from '../../src/main/core/support/clock'
import { Mailer, type OutgoingMail } from '../../src/main/core/mail/mailer'
import { ResetCodes, WORKSTATION_WRONG_CODES } from '../../src/main/core/reset/reset-codes'
import { ResetCodeCheck } from '../../src/main/core/reset/code-check'
import { AttemptThrottle } from '../../src/main/core/login/attempt-throttle'
import { WindowNotes } from '../../src/main/core/support/window-notes'
import { AttemptFailureRepository } from '../../src/main/db/attempt-failures-repository'
import { ResetCodeRepository } from '../../src/main/db/reset-codes-repository'
import { ThrottlePauseRepository } from '../../src/main/db/throttle-pauses-repository'
import { call, dataOf, errorOf, fieldCodes, rawDatabaseBytes } from '../helpers/accounts'
import { appWindow, makeTestCore, openTestCore, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'
import {
  auditOf,
  confirmReset,
  latestCode,
  logIn,
  mailLog,
  NEW_PASSWORD,
  requestReset,
  sloppy,
  wrongCodeFor
} from '../helpers/reset'

let core: TestCore
afterEach(() => core?.dispose())

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{16}$/

describe('reset code format', () => {
  it('draws 80 random bits as 16 Crockford characters, shown in four groups', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newResetCode(systemRandomBytes)))
    expect(codes.size).toBe(200)
    for (const code of codes) {
      expect(code).toMatch(CROCKFORD)
      expect(displayResetCode(code)).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    }
    // All 80 bits count: all-ones bytes give the last symbol everywhere, all-zeros the first.
    expect(newResetCode((n) => Buffer.alloc(n, 0xff))).toBe('Z'.repeat(16))
    expect(newResetCode((n) => Buffer.alloc(n, 0))).toBe('0'.repeat(16))
  })

  it('reads a code back in any case, with or without dashes or spaces, and forgives I, L and O', () => {
    const canonical = 'AB1D0FGHJKMNPQRS'
    for (const typed of [
      'AB1D-0FGH-JKMN-PQRS',
      'ab1d0fghjkmnpqrs',
      ' ab1d 0fgh jkmn pqrs ',
      'aBId-OfGh-JkMn-PqRs',
      'ABLD-oFGH-JKMN-PQRS'
    ]) {
      expect(parseResetCode(typed)).toBe(canonical)
    }
  })

  it('rejects what cannot be a code: wrong length or letters outside the alphabet', () => {
    for (const typed of ['', 'ABCD-EFGH-JKMN', 'ABCD-EFGH-JKMN-PQRS-T', 'ABCD-EFGH-JKMN-PQRU', 'ABCD-EFGH-JKMN-PQR!']) {
      expect(parseResetCode(typed)).toBeNull()
    }
  })
})

describe('requesting a reset code', () => {
  it('mails a code to an active user and answers only {accepted: true}', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    const answer = await requestReset(core, 'ALICE@example.com')
    expect(answer).toEqual({ ok: true, data: { accepted: true } })
    const [message] = await mailLog(core)
    expect(message).toMatchObject({ to: alice.email, subject: 'Your Local Accounts password reset code' })
    expect(message.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect(message.text).toContain(message.code)
    expect(auditOf(core, 'reset_requested')[0]).toMatchObject({ outcome: 'success', subjectUsername: 'alice' })
  })

  it('gives an unknown address the same answer, sends nothing and stores no code', async () => {
    core = makeTestCore()
    await withUser(core)
    const known = await requestReset(core, 'alice@example.com', 'w-known')
    const unknown = await requestReset(core, 'nobody@example.com', 'w-unknown')
    expect(unknown).toEqual(known)
    expect((await mailLog(core)).map((m) => m.to)).toEqual(['alice@example.com'])
    const codes = core.services.db.prepare('SELECT count(*) AS n FROM reset_codes').get() as { n: number }
    expect(codes.n).toBe(1)
    expect(auditOf(core, 'reset_requested')[0]).toMatchObject({ outcome: 'failure', detail: 'unknown address' })
  })

  it('answers before any mail work: the message to a known address is written after the answer, none to an unknown one', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    const { services } = core
    const written: string[] = []
    let openGate = (): void => {}
    const gate = new Promise<void>((resolve) => (openGate = resolve))
    // A mailer that cannot build a message until the test lets it.
    const mailer = new (class extends Mailer {
      override async compose(mail: OutgoingMail) {
        written.push(mail.to)
        await gate
        return super.compose(mail)
      }
    })({
      settings: services.settings.mail,
      clock: services.clock,
      outbox: services.outbox,
      audit: services.audit,
      print: () => {},
      onStored: () => {}
    })
    const settings = services.settings.resetCodes
    const codes = new ResetCodeRepository(services.db)
    const failures = new AttemptFailureRepository(services.db, 'reset_code')
    const pauses = new ThrottlePauseRepository(services.db)
    const wrongCodes = new AttemptThrottle(
      failures,
      services.clock,
      systemRandomBytes,
      pauses,
      'reset_code',
      WORKSTATION_WRONG_CODES
    )
    const check = new ResetCodeCheck({ ...services, settings, codes, wrongCodes })
    const resetCodes = new ResetCodes({ ...services, mailer, settings, codes, check, flows: new WindowNotes() })
    await resetCodes.request('nobody@example.com', 'w1')
    // The known address is answered while its message cannot even be built yet.
    await resetCodes.request(alice.email, 'w2')
    expect(written).toEqual([])
    expect(services.outbox.list()).toEqual([])
    // Until the answer has gone, both addresses have cost the same statements: no code stored yet.
    const storedCodes = () => (services.db.prepare('SELECT count(*) AS n FROM reset_codes').get() as { n: number }).n
    expect(storedCodes()).toBe(0)
    openGate()
    await mailer.settled()
    expect(storedCodes()).toBe(1)
    expect(written).toEqual([alice.email])
    expect(services.outbox.list().map((m) => m.to)).toEqual([alice.email])
  })

  it('sends nothing to a deactivated account, with the same answer', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    core.services.users.update(alice.id, { isActive: false })
    expect(await requestReset(core, alice.email)).toEqual({ ok: true, data: { accepted: true } })
    expect(await mailLog(core)).toEqual([])
    expect(auditOf(core, 'reset_requested')[0]).toMatchObject({ outcome: 'failure', detail: 'inactive account' })
  })

  it('refuses a malformed address with a field error, whether or not accounts exist', async () => {
    core = makeTestCore()
    expect(fieldCodes(await requestReset(core, 'not an address'))).toEqual({ email: ['email_invalid'] })
    expect(fieldCodes(await requestReset(core, ''))).toEqual({ email: ['email_required'] })
  })

  it('limits requests per address silently: 3 per 15 minutes, then the same answer and no mail', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    for (let i = 0; i < 4; i++) {
      expect(await requestReset(core, alice.email)).toEqual({ ok: true, data: { accepted: true } })
    }
    expect(await mailLog(core)).toHaveLength(3)
    expect(auditOf(core, 'reset_requested')[0]).toMatchObject({ outcome: 'failure', detail: 'rate limited' })
    core.clock.advanceSeconds(15 * 60)
    await requestReset(core, alice.email)
    expect(await mailLog(core)).toHaveLength(4)
  })

  it('limits unknown addresses the same way, so the limit reveals nothing', async () => {
    core = makeTestCore({ resetCodes: { maxRequestsPerWindow: 1 } })
    await withUser(core)
    await requestReset(core, 'nobody@example.com')
    expect(await requestReset(core, 'nobody@example.com')).toEqual({ ok: true, data: { accepted: true } })
    expect(auditOf(core, 'reset_requested').map((e) => e.detail)).toEqual(['unknown address', 'unknown address'])
  })

  it('tells the Mail log window when a message arrives', async () => {
    let arrivals = 0
    core = makeTestCore({}, { onMail: () => arrivals++ })
    const alice = await withUser(core)
    await requestReset(core, 'nobody@example.com')
    await core.services.mailer.settled()
    expect(arrivals).toBe(0)
    await requestReset(core, alice.email)
    await core.services.mailer.settled()
    expect(arrivals).toBe(1)
  })
})

describe('completing a reset', () => {
  it('sets the new password, ends every session of the user and signs nobody in', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const code = await latestCode(core, alice.email)

    expect(await confirmReset(core, sloppy(code))).toEqual({ ok: true, data: { reset: true } })

    expect(dataOf(await core.router.handle(appWindow('reset-window'), 'getSession', {}))).toMatchObject({ user: null })
    expect(dataOf(await core.router.handle(appWindow(alice.window), 'getSession', {}))).toMatchObject({ user: null })
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD)).code).toBe('invalid_credentials')
    expect(await logIn(core, 'alice', NEW_PASSWORD)).toMatchObject({ ok: true, data: { user: { username: 'alice' } } })
    expect(auditOf(core, 'reset_completed')[0]).toMatchObject({ outcome: 'success', subjectUsername: 'alice' })
  })

  it('mails a "your password was changed" notice to the user', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    dataOf(await confirmReset(core, await latestCode(core, alice.email)))
    const [notice] = await mailLog(core)
    expect(notice).toMatchObject({ to: alice.email, subject: 'Your Local Accounts password was changed', code: null })
    expect(notice.text).toContain('alice')
    expect(notice.text).toContain('If you did not do this')
  })

  it('signs out the window that reset its own password, without an "ended" notice', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email, alice.window)
    dataOf(await confirmReset(core, await latestCode(core, alice.email), alice.window))
    expect(dataOf(await core.router.handle(appWindow(alice.window), 'getSession', {}))).toMatchObject({
      user: null,
      endedBecause: null
    })
  })

  it('refuses a code used once already', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const code = await latestCode(core, alice.email)
    dataOf(await confirmReset(core, code))
    const again = errorOf(await confirmReset(core, code, 'reset-window', 'another-Quiet-Harbour-31'))
    expect(again.code).toBe('reset_code_used')
    expect(again.fields?.code?.[0].code).toBe('reset_code_used')
    expect(await logIn(core, 'alice', NEW_PASSWORD)).toMatchObject({ ok: true })
  })

  it('refuses a code after its lifetime (1 hour by default), and accepts it just before', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const code = await latestCode(core, alice.email)
    core.clock.advanceSeconds(60 * 60)
    expect(errorOf(await confirmReset(core, code)).code).toBe('reset_code_expired')

    core.clock.advanceSeconds(15 * 60)
    await requestReset(core, alice.email)
    const fresh = await latestCode(core, alice.email)
    core.clock.advanceSeconds(60 * 60 - 1)
    expect(await confirmReset(core, fresh)).toEqual({ ok: true, data: { reset: true } })
  })

  it('kills every earlier code when a newer one is issued', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const first = await latestCode(core, alice.email)
    await requestReset(core, alice.email)
    const second = await latestCode(core, alice.email)
    expect(second).not.toBe(first)
    expect(errorOf(await confirmReset(core, first)).code).toBe('reset_code_invalid')
    expect(await confirmReset(core, second)).toEqual({ ok: true, data: { reset: true } })
  })

  it('kills an unused code when the password changes by another route', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const code = await latestCode(core, alice.email)
    dataOf(
      await core.router.handle(appWindow(alice.window), 'changePassword', {
        oldPassword: STRONG_PASSWORD,
        newPassword: 'amber-Meadow-58-softly',
        newPasswordConfirmation: 'amber-Meadow-58-softly'
      })
    )
    expect(errorOf(await confirmReset(core, code)).code).toBe('reset_code_invalid')
    expect(await logIn(core, 'alice', 'amber-Meadow-58-softly')).toMatchObject({ ok: true })
  })

  it('lets only one of two windows racing with the same code set the password', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const code = await latestCode(core, alice.email)
    const answers = await Promise.all([
      confirmReset(core, code, 'w-a', NEW_PASSWORD),
      confirmReset(core, code, 'w-b', 'amber-Meadow-58-softly')
    ])
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    expect(answers.filter((a) => !a.ok).map((a) => errorOf(a).code)).toEqual(['reset_code_used'])
  })

  it('allows 4 wrong codes, then the right one still works', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const code = await latestCode(core, alice.email)
    for (let i = 0; i < 4; i++) {
      expect(errorOf(await confirmReset(core, wrongCodeFor(code))).code).toBe('reset_code_invalid')
    }
    expect(await confirmReset(core, code)).toEqual({ ok: true, data: { reset: true } })
  })

  it('kills the code after 5 wrong tries, even for the right code typed later in another window', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const code = await latestCode(core, alice.email)
    const answers: string[] = []
    for (let i = 0; i < 5; i++) answers.push(errorOf(await confirmReset(core, wrongCodeFor(code))).code)
    expect(answers).toEqual([...Array(4).fill('reset_code_invalid'), 'reset_code_attempts_exceeded'])
    expect(errorOf(await confirmReset(core, code, 'other-window')).code).toBe('reset_code_invalid')
    expect(await logIn(core, 'alice', STRONG_PASSWORD)).toMatchObject({ ok: true })
    expect(auditOf(core, 'reset_confirm').filter((e) => e.detail?.includes('code died'))).toHaveLength(1)

    core.clock.advanceSeconds(15 * 60)
    await requestReset(core, alice.email)
    expect(await confirmReset(core, await latestCode(core, alice.email))).toEqual({ ok: true, data: { reset: true } })
  })

  it('answers wrong codes the same way whether the requested address exists or not', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email, 'w-known')
    await requestReset(core, 'nobody@example.com', 'w-unknown')
    const code = await latestCode(core, alice.email)
    for (let i = 0; i < 7; i++) {
      const known = errorOf(await confirmReset(core, wrongCodeFor(code), 'w-known'))
      const unknown = errorOf(await confirmReset(core, wrongCodeFor(code), 'w-unknown'))
      expect(unknown).toEqual(known)
    }
  })

  it('does not count a code that cannot be a code as a wrong try', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    for (let i = 0; i < 5; i++) {
      expect(errorOf(await confirmReset(core, 'ABCD-EFGH')).code).toBe('reset_code_malformed')
    }
    expect(errorOf(await confirmReset(core, '   ')).code).toBe('reset_code_required')
    expect(await confirmReset(core, await latestCode(core, alice.email))).toEqual({ ok: true, data: { reset: true } })
  })

  it('validates the new password like sign-up, reports all problems, and keeps the code usable', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const code = await latestCode(core, alice.email)
    const weak = await confirmReset(core, code, 'reset-window', '12345', '54321')
    expect(fieldCodes(weak)).toEqual({
      newPassword: expect.arrayContaining(['password_too_short', 'password_entirely_numeric']),
      newPasswordConfirmation: ['password_mismatch']
    })
    expect(fieldCodes(await confirmReset(core, code, 'reset-window', 'alice-example'))).toHaveProperty('newPassword')
    expect(await confirmReset(core, code)).toEqual({ ok: true, data: { reset: true } })
  })

  it('ends a login lockout: whoever reads the mailbox may log in with the new password', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    for (let i = 0; i < 5; i++) await logIn(core, 'alice', 'wrong-password')
    expect(errorOf(await logIn(core, 'alice', STRONG_PASSWORD)).code).toBe('locked_out')
    await requestReset(core, alice.email)
    dataOf(await confirmReset(core, await latestCode(core, alice.email)))
    expect(await logIn(core, 'alice', NEW_PASSWORD)).toMatchObject({ ok: true })
  })

  it('refuses the code of an account deactivated since the request', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const code = await latestCode(core, alice.email)
    core.services.users.update(alice.id, { isActive: false })
    expect(errorOf(await confirmReset(core, code)).code).toBe('reset_code_invalid')
  })
})

describe('wrong codes from other windows', () => {
  const { workstationWide, periodInSeconds } = WORKSTATION_WRONG_CODES
  /** A well-formed code nobody was sent. */
  const randomCode = (): string => displayResetCode(newResetCode(systemRandomBytes))

  /** Resolves once `count` slowed answers wait on the test's clock, and the others have arrived. */
  async function waitingFor(on: TestCore, count: number): Promise<void> {
    const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))
    while (on.clock.waiting.length < count) await settle()
    await settle()
  }

  it('past a workstation-wide allowance are answered slowly, never refused; the right code works at once', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email, 'alice-reset')
    const code = await latestCode(core, alice.email)
    // A burst of guesses, each from a new window that never asked for a code.
    let answered = 0
    const burst = Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        confirmReset(core, randomCode(), `guess-${i}`).then((answer) => {
          answered++
          return answer
        })
      )
    )
    await waitingFor(core, 60 - workstationWide)
    expect(answered).toBe(workstationWide)

    // The person holding the right code is not held behind the guesser.
    expect(await confirmReset(core, code, 'alice-reset')).toEqual({ ok: true, data: { reset: true } })
    expect(answered).toBe(workstationWide)
    const events = auditOf(core, 'reset_confirm')
    expect(events.filter((e) => e.detail?.includes('on this workstation'))).toHaveLength(1)

    core.clock.advanceSeconds(periodInSeconds)
    const codes = (await burst).map((answer) => errorOf(answer).code)
    expect(codes).toEqual(Array(60).fill('reset_code_invalid'))
  })

  it('are counted in the database: a second process on the same folder waits in the same queue', async () => {
    core = makeTestCore()
    await withUser(core)
    const second = openTestCore(core.dataDir, {}, { clock: core.clock })
    try {
      for (let i = 0; i < workstationWide - 1; i++) await confirmReset(core, randomCode(), `guess-${i}`)
      expect(errorOf(await confirmReset(second, randomCode(), 'elsewhere')).code).toBe('reset_code_invalid')
      const here = confirmReset(core, randomCode(), 'guess-0')
      const there = confirmReset(second, randomCode(), 'elsewhere')
      await waitingFor(core, 2)
      const [first, next] = core.clock.waiting
      expect(next).toBeGreaterThan(first)
      core.clock.advanceSeconds((first - core.clock.now()) / 1000)
      expect(errorOf(await here).code).toBe('reset_code_invalid')
      expect(core.clock.waiting).toEqual([next])
      core.clock.advanceSeconds(60)
      expect(errorOf(await there).code).toBe('reset_code_invalid')
    } finally {
      second.close()
    }
  })

  it('an administrator sees the slowing and lifts it: waiting answers go at once', async () => {
    core = makeTestCore()
    await withUser(core)
    const admin = appWindow('admin-window')
    const waiting = Promise.all(
      Array.from({ length: workstationWide + 3 }, (_, i) => confirmReset(core, randomCode(), `guess-${i}`))
    )
    await waitingFor(core, 3)
    const seen = dataOf(await call(core, admin, 'adminGetProbePauses', {}))
    const resetPause = seen.find((pause) => pause.scope === 'reset_code')
    expect(resetPause?.failures).toBe(workstationWide + 3)
    expect(resetPause?.slowedUntil).toBeGreaterThan(core.clock.now())
    expect(errorOf(await call(core, appWindow('alice-window'), 'adminLiftProbePauses', {})).code).toBe('forbidden')

    const lifted = dataOf(await call(core, admin, 'adminLiftProbePauses', {}))
    expect(lifted.find((pause) => pause.scope === 'reset_code')).toEqual({
      scope: 'reset_code',
      failures: 0,
      slowedUntil: null,
      windowsSlowed: 0
    })
    // Without moving the clock: the lift let them go.
    expect((await waiting).every((answer) => errorOf(answer).code === 'reset_code_invalid')).toBe(true)
    expect(auditOf(core, 'settings_change').some((e) => e.detail?.includes('lifted the slowing'))).toBe(true)
  })

  it('in a burst from the window that asked, kill the code after maxAttempts, the right code in the burst too', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email, 'alice-reset')
    const code = await latestCode(core, alice.email)
    const tries = [...Array.from({ length: 9 }, randomCode), code]
    const answers = await Promise.all(tries.map((typed) => confirmReset(core, typed, 'alice-reset')))
    expect(answers.map((a) => errorOf(a).code)).toEqual([
      ...Array(4).fill('reset_code_invalid'),
      ...Array(6).fill('reset_code_attempts_exceeded')
    ])
    expect(await logIn(core, 'alice', STRONG_PASSWORD)).toMatchObject({ ok: true })
  })
})

describe('a code sent by an administrator', () => {
  it('mails a fresh code that replaces the earlier one, with no rate limit', async () => {
    core = makeTestCore({ resetCodes: { maxRequestsPerWindow: 1 } })
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const requested = await latestCode(core, alice.email)
    const user = core.services.users.byId(alice.id)
    if (!user) throw new Error('alice missing')
    await core.services.resetCodes.issueForUser(user)
    await core.services.resetCodes.issueForUser(user)
    const log = await mailLog(core)
    expect(log).toHaveLength(3)
    expect(errorOf(await confirmReset(core, requested)).code).toBe('reset_code_invalid')
    expect(errorOf(await confirmReset(core, log[1].code as string)).code).toBe('reset_code_invalid')
    expect(await confirmReset(core, log[0].code as string)).toEqual({ ok: true, data: { reset: true } })
  })

  it('refuses a deactivated account', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    core.services.users.update(alice.id, { isActive: false })
    const user = core.services.users.byId(alice.id)
    if (!user) throw new Error('alice missing')
    await expect(core.services.resetCodes.issueForUser(user)).rejects.toMatchObject({ code: 'account_inactive' })
    expect(await mailLog(core)).toEqual([])
  })
})

describe('secrets', () => {
  const hashForms = (code: string): string[] => {
    const digest = createHash('sha256').update(code.replace(/-/g, '')).digest()
    return [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')]
  }

  it('keeps every code out of the database file and its WAL, in any spelling', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    await requestReset(core, alice.email)
    const codes = (await mailLog(core)).map((m) => m.code as string)
    dataOf(await confirmReset(core, codes[0]))
    const bytes = rawDatabaseBytes(core.dataDir).toString('latin1')
    // The messages are in there (recipient in clear), only their bodies are sealed.
    expect(bytes).toContain(alice.email)
    for (const code of codes) {
      for (const spelling of [code, code.replace(/-/g, '')]) {
        expect(bytes).not.toContain(spelling)
        expect(bytes).not.toContain(spelling.toLowerCase())
      }
    }
  })

  it('never puts a code or its hash in an app window answer; the Mail log shows the code but no hash', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    const answers = [JSON.stringify(await requestReset(core, alice.email))]
    const log = await mailLog(core)
    const code = log[0].code as string
    answers.push(JSON.stringify(await confirmReset(core, wrongCodeFor(code))))
    answers.push(JSON.stringify(await confirmReset(core, code, 'reset-window', 'short')))
    answers.push(JSON.stringify(await confirmReset(core, code)))
    answers.push(JSON.stringify(await confirmReset(core, code)))
    const secrets = [code, code.replace(/-/g, ''), ...hashForms(code)]
    for (const answer of answers) for (const secret of secrets) expect(answer).not.toContain(secret)
    const logJson = JSON.stringify(await mailLog(core))
    for (const hash of hashForms(code)) expect(logJson).not.toContain(hash)
    expect(Object.keys(log[0]).sort()).toEqual(['code', 'id', 'sentAt', 'subject', 'text', 'to'])
  })

  it('keeps codes out of the audit log', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const code = await latestCode(core, alice.email)
    await confirmReset(core, wrongCodeFor(code))
    await confirmReset(core, code)
    const events = JSON.stringify(core.services.audit.list({ user: '', kind: '', offset: 0, limit: 500 }))
    expect(events).not.toContain(code.replace(/-/g, ''))
    expect(events).not.toContain(code.slice(0, 9))
  })

  it('lets only the Mail log window read the Mail log', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const fromApp = await core.router.handle(appWindow(alice.window), 'mailLogList', {})
    expect(errorOf(fromApp).code).toBe('wrong_window')
    const mailLogWindowAsking = { windowId: 'm1', kind: 'mail-log' as const }
    const reset = await core.router.handle(mailLogWindowAsking, 'requestPasswordReset', { email: alice.email })
    expect(errorOf(reset).code).toBe('wrong_window')
  })

  it('shows messages of an earlier run without their bodies: the key died with that process', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    await core.services.mailer.settled()
    core.close()
    const reopened = openTestCore(core.dataDir)
    core = reopened
    const [message] = await mailLog(core)
    expect(message).toMatchObject({ to: alice.email, code: null, text: '(from an earlier run: body not kept)' })
  })
})
