import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Result } from '../../src/shared/result'
import { appWindow, makeTestCore, signUpInput, STRONG_PASSWORD, withFirstAdmin, type TestCore } from '../helpers/core'

const ROOT = resolve(__dirname, '../..')

let core: TestCore | undefined
let writer: ChildProcessWithoutNullStreams | undefined

afterEach(async () => {
  if (writer && writer.exitCode === null) {
    const exited = new Promise((done) => writer?.once('exit', done))
    writer.kill('SIGKILL')
    await exited
  }
  core?.dispose()
})

/** The busy writer on `dataDir`, resolved once it has written; its output is collected. */
function startWriter(dataDir: string, output: string[]): Promise<void> {
  // One process (tsx as a loader, not its CLI, which would run the script in a child of its own),
  // so the kill in afterEach ends the writer itself.
  writer = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/busy-writer.ts', dataDir], { cwd: ROOT })
  writer.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  return new Promise((ready, failed) => {
    writer?.stdout.on('data', (chunk: Buffer) => {
      output.push(chunk.toString())
      if (chunk.toString().includes('ready')) ready()
    })
    writer?.once('exit', (code) => failed(new Error(`writer exited (${code}): ${output.join('')}`)))
  })
}

describe('a second process writing to the same data folder', () => {
  it('log-in (wrong and right), log-out, sign-up and password change never answer internal_error, and every log-out leaves no session', async () => {
    const errors: string[] = []
    core = makeTestCore({}, { logError: (message) => errors.push(message) })
    const app = core
    await withFirstAdmin(app)
    const writerOutput: string[] = []
    await startWriter(app.dataDir, writerOutput)

    const answers: Result<unknown>[] = []
    const sessionsOf = (windowId: string): number =>
      (app.services.db.prepare('SELECT count(*) AS n FROM sessions WHERE window_id = ?').get(windowId) as { n: number })
        .n
    const leftSessions: string[] = []

    /** One person's visit: sign up, a wrong password, a right one, a password change, two log-outs. */
    async function visit(name: string): Promise<void> {
      const home = `${name}-home`
      const other = `${name}-other`
      const ask = async (windowId: string, channel: string, payload: unknown) => {
        const answer = await app.router.handle(appWindow(windowId), channel, payload)
        answers.push(answer)
        return answer
      }
      await ask(home, 'signUp', signUpInput(name))
      await ask(`${name}-guest`, 'logIn', { identifier: name, password: 'not-the-password' })
      await ask(other, 'logIn', { identifier: name, password: STRONG_PASSWORD })
      await ask(home, 'changePassword', {
        oldPassword: STRONG_PASSWORD,
        newPassword: 'amber-Harbour-61-slowly',
        newPasswordConfirmation: 'amber-Harbour-61-slowly'
      })
      await ask(other, 'logIn', { identifier: name, password: 'amber-Harbour-61-slowly' })
      for (const windowId of [other, home]) {
        await ask(windowId, 'logOut', {})
        if (sessionsOf(windowId) !== 0) leftSessions.push(windowId)
      }
    }

    const writerRounds = (): number =>
      Number(
        writerOutput
          .join('')
          .match(/wrote (\d+)/g)
          ?.at(-1)
          ?.slice('wrote '.length) ?? 0
      )
    // Four visits at a time, so this process also competes with itself; on a busy machine it
    // goes on until the writer has done its share in the same time.
    let batch = 0
    while (batch < 25 || (writerRounds() < 20 && batch < 250)) {
      await Promise.all([0, 1, 2, 3].map((n) => visit(`p${batch}x${n}`)))
      batch++
    }

    const internal = answers.filter((answer) => !answer.ok && answer.error.code === 'internal_error')
    console.log(
      `second process: ${answers.length} calls here while the writer did ${writerRounds()} rounds; internal errors: ${internal.length}`
    )
    expect(errors).toEqual([])
    expect(internal).toEqual([])
    expect(leftSessions).toEqual([])
    expect(writerOutput.join('')).not.toContain('internal_error')
    // Every call got the answer it should have: nothing refused for the wrong reason.
    const codes = answers.map((answer) => (answer.ok ? 'ok' : answer.error.code))
    expect(codes.filter((code) => code !== 'ok').every((code) => code === 'invalid_credentials')).toBe(true)
    expect(codes.filter((code) => code === 'invalid_credentials')).toHaveLength(batch * 4)
  }, 120_000)
})
