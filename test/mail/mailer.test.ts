import { afterEach, describe, expect, it } from 'vitest'
import { Mailer } from '../../src/main/core/mail/mailer'
import { makeSettings } from '../../src/main/core/settings/load-settings'
import { makeTestCore, withUser, type TestCore } from '../helpers/core'
import { confirmReset, latestCode, mailLog, requestReset } from '../helpers/reset'

let core: TestCore
afterEach(() => core?.dispose())

/** A core whose development mailer prints into `printed`. */
function coreWithTerminal(printed: string[], overrides = {}): TestCore {
  return makeTestCore(overrides, { printMail: (text) => printed.push(text) })
}

/** The headers of a raw message (before the first blank line), unfolded. */
function headersOf(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ')
  return Object.fromEntries(
    head.split(/\r?\n/).map((line) => {
      const colon = line.indexOf(':')
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]
    })
  )
}

describe('development mail', () => {
  it('is a real MIME message with the right headers and both a text and an HTML part', async () => {
    const printed: string[] = []
    core = coreWithTerminal(printed)
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    await core.services.mailer.settled()
    expect(printed).toHaveLength(1)
    const raw = printed[0].slice(printed[0].indexOf('\n') + 1)
    const headers = headersOf(raw)
    expect(headers).toMatchObject({
      from: 'Local Accounts <no-reply@localhost>',
      to: 'alice@example.com',
      subject: 'Your Local Accounts password reset code',
      date: new Date(core.clock.now()).toUTCString().replace('GMT', '+0000'),
      'mime-version': '1.0'
    })
    expect(headers['message-id']).toMatch(/^<.+@.+>$/)
    expect(headers['content-type']).toMatch(/^multipart\/alternative; boundary=/)
    expect(raw).toMatch(/Content-Type: text\/plain; charset=utf-8/)
    expect(raw).toMatch(/Content-Type: text\/html; charset=utf-8/)
    const code = await latestCode(core, alice.email)
    expect(raw).toContain(code)
  })

  it('names the app, the user, the code, when it expires and what to do if unasked', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const [message] = await mailLog(core)
    expect(message.text).toContain('Local Accounts')
    expect(message.text).toContain('Hello alice,')
    expect(message.text).toContain(message.code)
    // The test clock starts at 2026-01-01 00:00 UTC; codes live one hour.
    expect(message.text).toContain('expires at 2026-01-01 01:00 UTC (in 60 minutes)')
    expect(message.text).toContain('If you did not ask for this, ignore this message')
  })

  it('says when the code expires under a configured lifetime', async () => {
    core = makeTestCore({ resetCodes: { lifetimeInSeconds: 20 * 60 } })
    const alice = await withUser(core)
    await requestReset(core, alice.email)
    const [message] = await mailLog(core)
    expect(message.text).toContain('expires at 2026-01-01 00:20 UTC (in 20 minutes)')
    core.clock.advanceSeconds(20 * 60)
    expect(await confirmReset(core, message.code as string)).toMatchObject({ error: { code: 'reset_code_expired' } })
  })

  it('lists the Mail log newest first, with time, recipient and subject', async () => {
    core = makeTestCore()
    const alice = await withUser(core)
    const bob = await withUser(core, 'bob')
    await requestReset(core, alice.email)
    // The message is written right after the answer, before the clock moves on.
    await core.services.mailer.settled()
    core.clock.advanceSeconds(60)
    await requestReset(core, bob.email)
    const log = await mailLog(core)
    expect(log.map((m) => m.to)).toEqual([bob.email, alice.email])
    expect(log.at(-1)?.sentAt).toBe(Date.UTC(2026, 0, 1))
  })
})

describe('mail settings', () => {
  it('refuses to start with the SMTP transport but no server address', () => {
    core = makeTestCore()
    const { services } = core
    expect(
      () =>
        new Mailer({
          settings: makeSettings({ mail: { transport: 'smtp' } }).mail,
          clock: services.clock,
          outbox: services.outbox,
          audit: services.audit,
          print: () => {},
          onStored: () => {}
        })
    ).toThrow(/smtpUrl/)
  })
})
