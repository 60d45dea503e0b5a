import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { logsDirOf, mainLogFile, openMainLog, RotatingFileLog } from '../../src/main/desktop/log'
import { appWindow, makeTestCore, signUpInput, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'
import { latestCode, sloppy, wrongCodeFor } from '../helpers/reset'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-accounts-log-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

describe('the rotating log file', () => {
  it('rotates by size, keeps a bounded number of files, and loses no line between them', () => {
    const dir = tempDir()
    const log = new RotatingFileLog(join(dir, 'logs', 'main.log'), { maxBytes: 400, keep: 2 })
    for (let n = 0; n < 60; n++) log.info(`event number ${n}`)

    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2'])
    for (const name of ['main.log', 'main.log.1', 'main.log.2']) {
      expect(statSync(join(dir, 'logs', name)).size, name).toBeLessThanOrEqual(400)
    }
    // Oldest to newest across the kept files: consecutive, ending with the last event.
    const lines = ['main.log.2', 'main.log.1', 'main.log']
      .flatMap((name) =>
        readFileSync(join(dir, 'logs', name), 'utf8')
          .trim()
          .split('\n')
      )
      .map((line) => Number(/event number (\d+)$/.exec(line)?.[1]))
    expect(lines.at(-1)).toBe(59)
    expect(lines).toEqual(lines.map((_, i) => lines[0] + i))
    expect(lines[0]).toBeGreaterThan(0)
  })

  it('writes one line per event with time and level, even for a message with line breaks', () => {
    const dir = tempDir()
    const log = openMainLog(dir, { now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) })
    log.error('first line\nforged line 2026-01-01T00:00:00.000Z INFO all fine')
    log.warn('second')
    const lines = readFileSync(mainLogFile(dir), 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^2026-01-02T03:04:05\.000Z ERROR first line/)
    expect(lines[1]).toBe('2026-01-02T03:04:05.000Z WARN second')
  })

  it('keeps the log private to its owner', () => {
    const dir = tempDir()
    openMainLog(dir).info('hello')
    expect(statSync(mainLogFile(dir)).mode & 0o077).toBe(0)
    expect(statSync(logsDirOf(dir)).mode & 0o077).toBe(0)
  })

  it('never stops the app when it cannot write, and says so once', () => {
    const dir = tempDir()
    const complaints: unknown[] = []
    // A log "file" that is a folder cannot be appended to.
    const log = new RotatingFileLog(dir, { onWriteError: (error) => complaints.push(error) })
    log.info('a')
    log.info('b')
    expect(complaints).toHaveLength(1)
  })
})

describe('the main log after a full session', () => {
  let core: TestCore

  afterEach(() => core?.dispose())

  it('records start-up and failures, and never a password, token or reset code', async () => {
    const dir = tempDir()
    const log = openMainLog(dir)
    core = makeTestCore({ lockout: { maxFailures: 3, durationInSeconds: 60 } }, { log })
    const secrets = new Set<string>([STRONG_PASSWORD])
    const tokens = new Set<string>()
    const call = async (window: string, channel: string, payload: unknown) => {
      const result = await core.router.handle(appWindow(window), channel, payload)
      const token = core.router.windows.token(window)
      if (token) tokens.add(token)
      return result
    }

    await call('admin', 'createFirstAdmin', signUpInput('admin'))
    await call('w1', 'signUp', signUpInput('alice'))
    await call('w1', 'logOut', {})
    // A password typed into the name field, then wrong passwords until alice is locked out.
    const misplaced = 'Misplaced-Password-4-field'
    secrets.add(misplaced)
    await call('w2', 'logIn', { identifier: misplaced, password: 'whatever-1' })
    for (let n = 1; n <= 3; n++) {
      const guess = `wrong-Guess-${n}-attempt`
      secrets.add(guess)
      await call('w2', 'logIn', { identifier: 'alice', password: guess })
    }
    // Reset: a wrong code, then the right one with a new password.
    await call('w3', 'requestPasswordReset', { email: 'alice@example.com' })
    const code = await latestCode(core, 'alice@example.com')
    secrets.add(code).add(sloppy(code))
    const newPassword = 'Fresh-Meadow-71-reset'
    secrets.add(newPassword)
    const reset = (attempt: string) =>
      call('w3', 'confirmPasswordReset', { code: attempt, newPassword, newPasswordConfirmation: newPassword })
    await reset(wrongCodeFor(code))
    expect((await reset(code)).ok).toBe(true)
    expect((await call('w3', 'logIn', { identifier: 'alice', password: newPassword })).ok).toBe(true)
    // Admin actions: a new account, a temporary password, a reset code sent, a deletion.
    const temporary = 'Temporary-Harbor-33-pass'
    secrets.add(temporary)
    const created = await call('admin', 'adminCreateAccount', {
      ...signUpInput('bob', 'Bobs-Own-Password-85'),
      isAdmin: false
    })
    secrets.add('Bobs-Own-Password-85')
    const bobId = created.ok ? (created.data as { id: number }).id : 0
    await call('admin', 'adminSetTemporaryPassword', {
      id: bobId,
      password: temporary,
      passwordConfirmation: temporary
    })
    await call('admin', 'adminSendResetCode', { id: bobId })
    const bobCode = await latestCode(core, 'bob@example.com')
    secrets.add(bobCode).add(sloppy(bobCode))
    await call('w4', 'changePassword', { oldPassword: temporary, newPassword: 'x', newPasswordConfirmation: 'x' })
    await call('admin', 'adminDeleteAccount', { id: bobId, confirmUsername: 'bob' })
    core.dispose()

    const text = readFileSync(mainLogFile(dir), 'utf8')
    expect(text).toMatch(/INFO started: data folder .*, schema \d+, mail development/)
    expect(text).toMatch(/WARN audit login failure subject: alice \(#\d+\): wrong credentials/)
    expect(text).toMatch(/WARN audit lockout subject: alice/)
    expect(text).toMatch(/WARN audit login failure: wrong credentials \(unknown name\)/)
    expect(text).toMatch(/WARN audit reset_confirm failure/)
    expect(text).toMatch(/INFO stopped/)

    expect(tokens.size).toBeGreaterThanOrEqual(3)
    const hidden = [...secrets, ...[...tokens].flatMap((token) => [token, ...token.split('.')])]
    for (const secret of hidden) expect(text.includes(secret), `the log holds ${secret}`).toBe(false)
    expect(text).not.toContain('$argon2')
    expect(existsSync(`${mainLogFile(dir)}.1`)).toBe(false)
  })

  it('records mail that could not be sent, without the SMTP password', async () => {
    const closed = createServer()
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done))
    const port = (closed.address() as { port: number }).port
    await new Promise((done) => closed.close(done))
    const dir = tempDir()
    const smtpPassword = 'Smtp-Secret-77-relay'
    core = makeTestCore(
      { mail: { transport: 'smtp', smtpUrl: `smtp://mailer:${smtpPassword}@127.0.0.1:${port}`, timeoutInSeconds: 5 } },
      { log: openMainLog(dir) }
    )
    await withUser(core, 'alice')
    await core.router.handle(appWindow('w9'), 'requestPasswordReset', { email: 'alice@example.com' })
    await vi.waitFor(
      () => expect(readFileSync(mainLogFile(dir), 'utf8')).toMatch(/WARN audit mail_failed failure subject: alice/),
      {
        timeout: 10_000
      }
    )
    expect(readFileSync(mainLogFile(dir), 'utf8')).not.toContain(smtpPassword)
  })

  it('records an error inside the main process, and the window gets a typed error, not the details', async () => {
    const dir = tempDir()
    const printed: string[] = []
    core = makeTestCore({}, { log: openMainLog(dir), logError: (message) => printed.push(message) })
    // The database going away under a running app (a disk pulled, say).
    core.services.db.close()
    const result = await core.router.handle(appWindow('w1'), 'getSession', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'internal_error' } })
    expect(JSON.stringify(result)).not.toContain('database')
    expect(readFileSync(mainLogFile(dir), 'utf8')).toMatch(/ERROR \[router\] getSession failed: .*database/i)
    expect(printed).toHaveLength(1)
  })
})
