import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createTlsServer } from 'node:tls'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { call, dataOf, errorOf } from '../helpers/accounts'
import { appWindow, makeTestCore, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'
import { freePort, startRsyslog, type Rsyslog } from '../helpers/rsyslog'

let dir: string
let core: TestCore | undefined
let rsyslog: Rsyslog | undefined
const cleanups: (() => unknown)[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-accounts-syslog-'))
})

afterEach(async () => {
  core?.dispose()
  core = undefined
  await rsyslog?.stop()
  rsyslog = undefined
  for (const cleanup of cleanups.splice(0)) await cleanup()
  rmSync(dir, { recursive: true, force: true })
})

const RFC5424 = /^<(\d+)>1 (\S+) (\S+) local-accounts (\d+) (\S+) \[audit@32473 ([^\]]*)\](?: (.*))?$/

/** A session a user would have: sign-up, a wrong and a right password, a log-out. */
async function someEvents(opened: TestCore): Promise<void> {
  await withUser(opened, 'alice')
  expect(
    errorOf(await call(opened, appWindow('x'), 'logIn', { identifier: 'alice', password: 'wrong-Guess-1' })).code
  ).toBe('invalid_credentials')
  dataOf(await call(opened, appWindow('y'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD }))
  dataOf(await call(opened, appWindow('y'), 'logOut', {}))
}

function expectNoSecrets(text: string, opened: TestCore): void {
  expect(text).not.toContain(STRONG_PASSWORD)
  expect(text).not.toContain('wrong-Guess-1')
  const hashes = opened.services.db.prepare('SELECT password_hash FROM users').pluck().all() as string[]
  for (const hash of hashes) expect(text).not.toContain(hash)
  expect(text).not.toContain('$argon2')
}

describe('audit.syslog to a real rsyslogd', { timeout: 60_000 }, () => {
  it.each(['udp', 'tcp'] as const)(
    'sends every audit event over %s as RFC 5424 with kind, outcome, actor and subject, and no secret',
    async (protocol) => {
      rsyslog = await startRsyslog(dir)
      const port = protocol === 'udp' ? rsyslog.udpPort : rsyslog.tcpPort
      core = makeTestCore({ audit: { syslog: { url: `${protocol}://127.0.0.1:${port}` } } })
      await someEvents(core)
      const stored = core.services.audit.list({ user: '', kind: '', offset: 0, limit: 100 }).rows
      const lines = await rsyslog.waitFor((written) => written.length >= stored.length)
      expect(lines).toHaveLength(stored.length)
      const parsed = lines.map((line) => {
        const match = RFC5424.exec(line)
        expect(match, line).not.toBeNull()
        return match as RegExpExecArray
      })
      // Oldest first, as they happened.
      expect(parsed.map((match) => match[5])).toEqual(stored.map((row) => row.kind).reverse())
      const wrong = parsed.find((match) => match[5] === 'login' && match[6].includes('outcome="failure"'))
      expect(wrong?.[6]).toBe('kind="login" outcome="failure" subject="alice"')
      expect(Number(wrong?.[1])).toBe(10 * 8 + 5) // authpriv.notice
      const signUp = parsed.find((match) => match[5] === 'sign_up')
      expect(signUp?.[6]).toBe('kind="sign_up" outcome="success" actor="alice" subject="alice"')
      expect(Number(signUp?.[1])).toBe(10 * 8 + 6) // authpriv.info
      expectNoSecrets(readFileSync(join(dir, 'received.log'), 'utf8'), core)
    }
  )

  it('an outage never holds a login, is audited once when it starts and once when it ends, and what waited is sent', async () => {
    const tcpPort = await freePort()
    core = makeTestCore({ audit: { syslog: { url: `tcp://127.0.0.1:${tcpPort}` } } })
    await someEvents(core) // nothing listens: every login still answers
    await someEventsAgain(core)
    const audit = (kind: string) => core!.services.audit.list({ user: '', kind, offset: 0, limit: 10 }).rows
    expect(audit('syslog_unreachable')).toHaveLength(1)
    expect(audit('syslog_unreachable')[0].detail).toContain(`tcp://127.0.0.1:${tcpPort}`)

    rsyslog = await startRsyslog(dir, { tcp: tcpPort })
    const lines = await rsyslog.waitFor(
      (written) => written.some((line) => line.includes(' syslog_reachable ')),
      40_000
    )
    expect(audit('syslog_unreachable')).toHaveLength(1)
    expect(audit('syslog_reachable')).toHaveLength(1)
    const kinds = lines.map((line) => RFC5424.exec(line)?.[5])
    expect(kinds.filter((kind) => kind === 'logout')).toHaveLength(2)
    expect(kinds).toContain('syslog_unreachable')
  })

  it('sends over TLS with octet-counted framing (a Node TLS receiver: Debian ships rsyslog TLS as rsyslog-gnutls, not installed here)', async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem')
      ],
      { stdio: 'ignore' }
    )
    let received = ''
    const server = createTlsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (socket) => socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')))
    )
    const port = await new Promise<number>((done) =>
      server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port))
    )
    cleanups.push(() => new Promise((done) => server.close(done)))
    core = makeTestCore({ audit: { syslog: { url: `tls://localhost:${port}`, caFile: join(dir, 'cert.pem') } } })
    await someEvents(core)
    const stored = core.services.audit.list({ user: '', kind: '', offset: 0, limit: 100 }).total
    expect(await core.services.syslog?.flushed(15_000)).toBe(true)
    // Sent is not yet read by the receiver on a busy machine: wait for the bytes to arrive.
    for (let waited = 0; octetCounted(received).length < stored && waited < 10_000; waited += 50) {
      await new Promise((done) => setTimeout(done, 50))
    }
    const messages = octetCounted(received)
    expect(messages).toHaveLength(stored)
    for (const message of messages) expect(message).toMatch(RFC5424)
    expectNoSecrets(received, core)
  })
})

/** Octet counting: LENGTH SP MESSAGE, back to back, LENGTH in bytes; a message cut short is left out. */
function octetCounted(received: string): string[] {
  const messages: string[] = []
  let rest = Buffer.from(received, 'utf8')
  while (rest.length > 0) {
    const space = rest.indexOf(0x20)
    const length = Number(rest.subarray(0, space).toString())
    if (space < 0 || rest.length < space + 1 + length) break
    messages.push(rest.subarray(space + 1, space + 1 + length).toString('utf8'))
    rest = rest.subarray(space + 1 + length)
  }
  return messages
}

async function someEventsAgain(opened: TestCore): Promise<void> {
  dataOf(await call(opened, appWindow('z'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD }))
  dataOf(await call(opened, appWindow('z'), 'logOut', {}))
}
