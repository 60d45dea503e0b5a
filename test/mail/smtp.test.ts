import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { closedPort, startLoopbackSmtp } from '../helpers/smtp'
import { makeTestCore, withUser, type TestCore } from '../helpers/core'
import { auditOf, confirmReset, logIn, mailLog, NEW_PASSWORD, requestReset } from '../helpers/reset'

const CODE_IN_TEXT = /\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/

let core: TestCore | null = null
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  if (core) {
    // Deliveries still running must finish before their database goes away.
    await core.services.mailer.settled()
    core.dispose()
    core = null
  }
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const startSmtpServer = (options: { refuse?: boolean } = {}) => startLoopbackSmtp(cleanups, options)

/** Accepts connections and never says a word: only the timeout ends the exchange. */
async function silentServer(): Promise<number> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return (server.address() as AddressInfo).port
}

function smtpCore(port: number, timeoutInSeconds = 5): TestCore {
  return makeTestCore({
    mail: {
      transport: 'smtp',
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Accounts Desk <accounts@example.org>',
      timeoutInSeconds
    }
  })
}

describe('SMTP delivery', () => {
  it('sends the reset code to a real SMTP server, and the code works', async () => {
    const smtp = await startSmtpServer()
    core = smtpCore(smtp.port)
    const alice = await withUser(core)
    expect(await requestReset(core, alice.email)).toEqual({ ok: true, data: { accepted: true } })
    await core.services.mailer.settled()

    expect(smtp.received).toHaveLength(1)
    const [message] = smtp.received
    expect(message.from).toBe('accounts@example.org')
    expect(message.to).toEqual([alice.email])
    expect(message.raw).toContain('Subject: Your Local Accounts password reset code')
    expect(message.raw).toContain('Content-Type: text/html')
    const code = CODE_IN_TEXT.exec(message.raw)?.[0]
    expect(code).toBeDefined()

    expect(await confirmReset(core, code as string)).toEqual({ ok: true, data: { reset: true } })
    await core.services.mailer.settled()
    expect(smtp.received.map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1])).toEqual([
      'Your Local Accounts password reset code',
      'Your Local Accounts password was changed'
    ])
    expect(await logIn(core, 'alice', NEW_PASSWORD)).toMatchObject({ ok: true })
    // Sent mail is not kept: the Mail log belongs to the development transport.
    expect(await mailLog(core)).toEqual([])
  })

  it('sends nothing for an unknown address, with the same answer', async () => {
    const smtp = await startSmtpServer()
    core = smtpCore(smtp.port)
    await withUser(core)
    expect(await requestReset(core, 'nobody@example.com')).toEqual({ ok: true, data: { accepted: true } })
    await core.services.mailer.settled()
    expect(smtp.received).toEqual([])
  })

  it('gives the neutral answer when the server is down, and audits the failure', async () => {
    core = smtpCore(await closedPort())
    const alice = await withUser(core)
    expect(await requestReset(core, alice.email)).toEqual({ ok: true, data: { accepted: true } })
    await core.services.mailer.settled()
    const [failure] = auditOf(core, 'mail_failed')
    expect(failure).toMatchObject({ outcome: 'failure', subjectUsername: 'alice' })
    expect(failure.detail).toContain(`to ${alice.email} by SMTP`)
    expect(failure.detail).not.toMatch(CODE_IN_TEXT)
  })

  it('gives the neutral answer when the server refuses the recipient, and audits why', async () => {
    const smtp = await startSmtpServer({ refuse: true })
    core = smtpCore(smtp.port)
    const alice = await withUser(core)
    expect(await requestReset(core, alice.email)).toEqual({ ok: true, data: { accepted: true } })
    await core.services.mailer.settled()
    expect(smtp.received).toEqual([])
    expect(auditOf(core, 'mail_failed')[0].detail).toContain('unavailable')
  })

  it('answers at once and gives up after the timeout when the server never answers', async () => {
    core = smtpCore(await silentServer(), 1)
    const alice = await withUser(core)
    // The answer does not wait for the mail server: this resolves before any timeout.
    expect(await requestReset(core, alice.email)).toEqual({ ok: true, data: { accepted: true } })
    expect(auditOf(core, 'mail_failed')).toEqual([])
    await core.services.mailer.settled()
    expect(auditOf(core, 'mail_failed')).toHaveLength(1)
  })

  it('tells an administrator who sends a code that the mail did not leave', async () => {
    core = smtpCore(await closedPort())
    const alice = await withUser(core)
    const user = core.services.users.byId(alice.id)
    if (!user) throw new Error('alice missing')
    const attempt = core.services.resetCodes.issueForUser(user)
    await expect(attempt).rejects.toMatchObject({ code: 'mail_not_sent' })
    expect(auditOf(core, 'mail_failed')).toHaveLength(1)
  })
})
