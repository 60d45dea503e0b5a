import Database from 'better-sqlite3'
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE_NAME } from '../../src/main/db/database'
import { lockDataFolder } from '../../src/main/desktop/instance-lock'
import { CLI_TEST, runScript } from '../helpers/cli'
import { openTestCore, withUser, type TestCore } from '../helpers/core'

const ROOT = resolve(__dirname, '../..')

let work: string
let dataDir: string
let core: TestCore | undefined
let writer: ChildProcessWithoutNullStreams | undefined

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'local-accounts-backup-'))
  dataDir = join(work, 'data')
})

afterEach(async () => {
  if (writer && writer.exitCode === null && writer.signalCode === null) {
    const exited = new Promise((done) => writer?.once('exit', done))
    writer.kill('SIGKILL')
    await exited
  }
  writer = undefined
  core?.close()
  core = undefined
  rmSync(work, { recursive: true, force: true })
})

const databaseOf = (folder: string): string => join(folder, DATABASE_FILE_NAME)
const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')

function usernames(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT username FROM users ORDER BY username').pluck().all() as string[]
  } finally {
    db.close()
  }
}

/** A data folder with an administrator and alice, its core closed (nothing runs on it). */
async function folderWithAccounts(folder: string): Promise<void> {
  const opened = openTestCore(folder)
  await withUser(opened, 'alice')
  opened.close()
}

describe('npm run backup and npm run restore', CLI_TEST, () => {
  it('backs up while the app runs, private and whole, and restores it keeping the replaced database', async () => {
    core = openTestCore(dataDir)
    await withUser(core, 'alice')
    const backup = join(work, 'copy.sqlite3')
    const made = await runScript('backup', ['--data-dir', dataDir, '--to', backup])
    expect(made.stderr).toBe('')
    expect(made.status).toBe(0)
    expect(made.stdout).toContain('integrity check ok')
    expect(statSync(backup).mode & 0o777).toBe(0o600)
    expect(usernames(backup)).toEqual(['admin', 'alice'])

    // After the backup: bob signs up, then the app stops and the backup comes back.
    await withUser(core, 'bob')
    core.close()
    core = undefined
    const restored = await runScript('restore', ['--from', backup, '--data-dir', dataDir])
    expect(restored.stderr).toBe('')
    expect(restored.status).toBe(0)
    expect(usernames(databaseOf(dataDir))).toEqual(['admin', 'alice'])
    const kept = `${databaseOf(dataDir)}.before-restore`
    expect(restored.stdout).toContain(kept)
    expect(usernames(kept)).toEqual(['admin', 'alice', 'bob'])
    // The restored folder opens as the app opens it, and says it was restored.
    core = openTestCore(dataDir)
    expect(core.services.audit.list({ user: '', kind: 'restore', offset: 0, limit: 5 }).total).toBe(1)
  })

  it.each([
    [
      'a damaged file',
      (file: string) =>
        writeFileSync(file, Buffer.concat([readFileSync(file).subarray(0, 4096), Buffer.alloc(8192, 7)]))
    ],
    [
      'a newer version',
      (file: string) => {
        const db = new Database(file)
        db.pragma('user_version = 999')
        db.close()
      }
    ],
    [
      'another program',
      (file: string) => {
        rmSync(file)
        const db = new Database(file)
        db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (1)')
        db.pragma('user_version = 3')
        db.close()
      }
    ],
    ['a text file', (file: string) => writeFileSync(file, 'username,email\nalice,alice@example.com\n')]
  ])('refuses %s by name and changes nothing', async (_what, spoil) => {
    await folderWithAccounts(dataDir)
    const bad = join(work, 'bad.sqlite3')
    const source = new Database(databaseOf(dataDir), { readonly: true })
    await source.backup(bad)
    source.close()
    spoil(bad)
    const before = digest(databaseOf(dataDir))
    const refused = await runScript('restore', ['--from', bad, '--data-dir', dataDir])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toMatch(/^Error: /)
    expect(refused.stderr).toContain(bad)
    expect(digest(databaseOf(dataDir))).toBe(before)
    expect(existsSync(`${databaseOf(dataDir)}.before-restore`)).toBe(false)
  })

  it('refuses to restore while the app runs on the folder', async () => {
    await folderWithAccounts(dataDir)
    const backup = join(work, 'copy.sqlite3')
    expect((await runScript('backup', ['--data-dir', dataDir, '--to', backup])).status).toBe(0)
    const before = digest(databaseOf(dataDir))
    const lock = lockDataFolder(dataDir)
    try {
      const refused = await runScript('restore', ['--from', backup, '--data-dir', dataDir])
      expect(refused.status).toBe(1)
      expect(refused.stderr).toContain('already running on the data folder')
    } finally {
      lock.release()
    }
    expect(digest(databaseOf(dataDir))).toBe(before)
  })

  it('a backup taken while another process writes restores every write acknowledged before it', async () => {
    await folderWithAccounts(dataDir)
    const acknowledged: number[] = []
    writer = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/ack-writer.ts', dataDir], { cwd: ROOT })
    let pending = ''
    writer.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString()
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) if (line.startsWith('ack ')) acknowledged.push(Number(line.slice(4)))
    })
    while (acknowledged.length < 200) await new Promise((done) => setTimeout(done, 50))

    const backup = join(work, 'during-writes.sqlite3')
    const ackedBefore = acknowledged.length
    const made = await runScript('backup', ['--data-dir', dataDir, '--to', backup])
    expect(made.stderr).toBe('')
    const ackedAfter = acknowledged.length
    expect(ackedAfter).toBeGreaterThan(ackedBefore) // the writer really wrote during the backup
    writer.kill('SIGKILL')

    const restoreDir = join(work, 'restored')
    await folderWithAccounts(restoreDir)
    expect((await runScript('restore', ['--from', backup, '--data-dir', restoreDir])).status).toBe(0)
    const db = new Database(databaseOf(restoreDir), { readonly: true })
    const found = new Set(
      (db.prepare("SELECT detail FROM audit_events WHERE detail LIKE 'ack %'").pluck().all() as string[]).map((d) =>
        Number(d.slice(4))
      )
    )
    db.close()
    const missing = acknowledged.slice(0, ackedBefore).filter((n) => !found.has(n))
    expect(missing).toEqual([])
    // Nothing half done: what the copy holds is a run of whole events 1..N.
    expect(Math.max(...found)).toBe(found.size)
  })
})
