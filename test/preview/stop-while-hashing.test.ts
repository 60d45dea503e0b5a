import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { canReadProcesses, commandLine, descendants, isRunning, waitUntilGone } from '../helpers/processes'

const root = resolve(__dirname, '../..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')
const children: ChildProcess[] = []
const folders: string[] = []

afterAll(() => {
  for (const child of children) if (child.pid && isRunning(child.pid)) child.kill('SIGKILL')
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

/** Starts the preview on a new folder with `settings`; resolves with its App URL and server pid. */
async function startPreview(settings: unknown): Promise<{ appUrl: string; serverPid: number; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-stop-'))
  folders.push(dataDir)
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings))
  const child = spawn(tsx, ['scripts/start-browser.ts', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  children.push(child)
  const output = await new Promise<string>((resolveOutput, reject) => {
    let text = ''
    child.stdout?.on('data', (chunk) => {
      text += chunk
      if (/Mail log: \S+/.test(text)) resolveOutput(text)
    })
    child.stderr?.on('data', (chunk) => (text += chunk))
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${text}`)))
  })
  const serverPid = descendants(child.pid as number)
    .filter((pid) => commandLine(pid).includes('scripts/start-browser.ts'))
    .at(-1) as number
  return { appUrl: /App: (\S+)/.exec(output)?.[1] as string, serverPid, dataDir }
}

describe.skipIf(!canReadProcesses)('stopping the preview while a hash runs', () => {
  it('SIGTERM ends it at once and frees the folder, though an expensive hash is still running', async () => {
    // Within the schema's bounds, yet a hash of 256 MiB × 20 passes takes many seconds.
    const preview = await startPreview({
      passwordHashing: { memoryCostInKiB: 256 * 1024, timeCost: 20, parallelism: 1 }
    })
    const page = await fetch(preview.appUrl)
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]
    const password = 'violet-Anchor-92-quietly'
    // Creating the first administrator hashes its password: not awaited, it is still running.
    const pending = fetch(`${preview.appUrl}api/createFirstAdmin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ username: 'root', email: 'root@example.com', password, passwordConfirmation: password })
    }).catch(() => null)
    await new Promise((resolveWait) => setTimeout(resolveWait, 1000))
    process.kill(preview.serverPid, 'SIGTERM')
    // A generous bound: the hash alone would hold the process far longer.
    expect(await waitUntilGone([preview.serverPid], 10_000)).toBe(true)
    await pending
    // The database was closed before the end: SQLite removed its write-ahead log.
    expect(existsSync(join(preview.dataDir, 'local-accounts.sqlite3-wal'))).toBe(false)
  }, 60_000)
})
