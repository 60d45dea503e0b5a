import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db/database'
import { DataFolderInUseError, lockDataFolder, type InstanceLock } from '../../src/main/desktop/instance-lock'

const root = resolve(__dirname, '../..')
const holderScript = resolve(__dirname, '../helpers/lock-holder.ts')

let dataDir = ''
const children: ChildProcessWithoutNullStreams[] = []
const locks: InstanceLock[] = []

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-lock-'))
})

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  for (const lock of locks.splice(0)) lock.release()
  rmSync(dataDir, { recursive: true, force: true })
})

/** Another real process on the same data folder; resolves with its first line of output. */
function otherProcess(
  mode: 'hold' | 'hold-gc' | 'try'
): Promise<{ child: ChildProcessWithoutNullStreams; line: string }> {
  // tsx as a loader, not its CLI (which would run the script in a grandchild with another pid).
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', holderScript, mode, dataDir], { cwd: root })
  children.push(child)
  return new Promise((done, fail) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      if (out.includes('\n')) done({ child, line: out.split('\n')[0] })
    })
    child.on('exit', (code) => fail(new Error(`lock holder exited with ${code} before answering: ${out}`)))
  })
}

const exited = (child: ChildProcessWithoutNullStreams): Promise<void> =>
  new Promise((done) =>
    child.exitCode !== null || child.signalCode !== null ? done() : child.on('exit', () => done())
  )

/** This process's attempt at the lock, which must be refused; a lock granted by mistake is released after the test. */
function refusal(): DataFolderInUseError {
  try {
    locks.push(lockDataFolder(dataDir))
  } catch (error) {
    if (error instanceof DataFolderInUseError) return error
    throw error
  }
  throw new Error('the lock was granted while another process held it')
}

describe('one app per data folder', () => {
  it('refuses a second process while another holds the folder, naming the holder', async () => {
    const { child, line } = await otherProcess('hold')
    expect(line).toBe('locked')
    const { message } = refusal()
    expect(message).toContain(dataDir)
    expect(message).toContain(`process ${child.pid}`)
  })

  it('is free again as soon as the holder dies, even by kill -9 (no stale lock)', async () => {
    const { child } = await otherProcess('hold')
    expect(() => lockDataFolder(dataDir)).toThrow(DataFolderInUseError)
    child.kill('SIGKILL')
    await exited(child)
    locks.push(lockDataFolder(dataDir))
  })

  it('a process that holds the folder keeps others out until it releases it', async () => {
    const lock = lockDataFolder(dataDir)
    locks.push(lock)
    expect((await otherProcess('try')).line).toMatch(/^in use: .*already running.*process \d+/)
    lock.release()
    expect((await otherProcess('try')).line).toBe('locked')
  })

  it('leaves the database itself open to the command-line tools while the app runs', async () => {
    await otherProcess('hold')
    const db = openDatabase(dataDir)
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0)
    db.close()
  })
})

describe('a lock nobody keeps a reference to', () => {
  it('still holds after garbage collection (better-sqlite3 closes unreachable connections)', async () => {
    // The holder script drops the returned lock at once, as an app that only starts and runs would.
    const { line } = await otherProcess('hold-gc')
    expect(line).toBe('locked')
    expect(refusal()).toBeInstanceOf(DataFolderInUseError)
  })
})
