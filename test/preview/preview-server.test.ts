import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPreviewServer, type PreviewServer } from '../../src/main/preview/server'
import { packageBin } from '../../scripts/lib/bin'
import { makeTestCore, type TestCore } from '../helpers/core'
import { canReadProcesses, commandLine, descendants, isRunning, waitUntilGone } from '../helpers/processes'

const root = resolve(__dirname, '../..')
const rendererDir = join(root, 'out/renderer')

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw HTTP request, so that Host and Origin can be anything (fetch would fix them). */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const target = new URL(url)
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: options.method ?? 'GET',
        headers: options.headers
      },
      (res) => {
        let body = ''
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body }))
      }
    )
    req.on('error', reject)
    if (options.body) req.write(options.body)
    req.end()
  })
}

let core: TestCore
let server: PreviewServer

beforeAll(async () => {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    spawnSync(process.execPath, [packageBin('electron-vite'), 'build'], { cwd: root, stdio: 'inherit' })
  }
  core = makeTestCore()
  server = await startPreviewServer({ router: core.router, rendererDir, port: 0 })
})

afterAll(async () => {
  await server.close()
  core.dispose()
})

async function windowCookie(url: string): Promise<string> {
  const page = await send(url)
  const cookie = String(page.headers['set-cookie'] ?? '')
  return cookie.split(';')[0]
}

const callApi = (pageUrl: string, channel: string, payload: unknown, headers: Record<string, string>) =>
  send(`${pageUrl}api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(payload)
  })

describe('browser preview server', () => {
  it('serves the app page with the api shim loaded before the app, on 127.0.0.1 only', async () => {
    expect(server.appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{32}\/$/)
    const page = await send(server.appUrl)
    expect(page.status).toBe(200)
    expect(page.body.indexOf('preview/shim.js')).toBeGreaterThan(-1)
    expect(page.body.indexOf('preview/shim.js')).toBeLessThan(page.body.indexOf('assets/index-'))
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/)
  })

  it('refuses a request without the secret, or with a wrong one', async () => {
    const base = new URL(server.appUrl).origin
    expect((await send(`${base}/`)).status).toBe(404)
    expect((await send(`${base}/s/not-the-secret/`)).status).toBe(404)
    expect((await send(`${base}/assets/`)).status).toBe(404)
  })

  it('refuses a foreign Host header and a foreign Origin, even with the secret', async () => {
    expect((await send(server.appUrl, { headers: { Host: 'evil.example' } })).status).toBe(403)
    const cookie = await windowCookie(server.appUrl)
    const foreign = await callApi(server.appUrl, 'getSession', {}, { Cookie: cookie, Origin: 'http://evil.example' })
    expect(foreign.status).toBe(403)
    const own = await callApi(
      server.appUrl,
      'getSession',
      {},
      { Cookie: cookie, Origin: new URL(server.appUrl).origin }
    )
    expect(own.status).toBe(200)
    expect(JSON.parse(own.body)).toMatchObject({ ok: true })
  })

  it('does not listen on other interfaces', async () => {
    const { networkInterfaces } = await import('node:os')
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)
    if (!external) {
      console.log('[preview test] no non-loopback IPv4 interface here: only loopback was checked')
      return
    }
    await expect(send(`http://${external.address}:${server.port}/`)).rejects.toThrow()
  })

  it('gives the app URL and the Mail log URL their own kind of window', async () => {
    const appCookie = await windowCookie(server.appUrl)
    const fromApp = JSON.parse((await callApi(server.appUrl, 'mailLogList', {}, { Cookie: appCookie })).body)
    expect(fromApp).toMatchObject({ ok: false, error: { code: 'wrong_window' } })
    const mailCookie = await windowCookie(server.mailLogUrl)
    const fromMailLog = JSON.parse((await callApi(server.mailLogUrl, 'getSession', {}, { Cookie: mailCookie })).body)
    expect(fromMailLog).toMatchObject({ ok: false, error: { code: 'wrong_window' } })
  })

  it('refuses an API call with no window cookie, malformed JSON or a huge body', async () => {
    expect((await callApi(server.appUrl, 'getSession', {}, {})).status).toBe(400)
    const cookie = await windowCookie(server.appUrl)
    const malformed = await send(`${server.appUrl}api/getSession`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: '{not json'
    })
    expect(malformed.status).toBe(400)
    const huge = await callApi(
      server.appUrl,
      'logIn',
      { identifier: 'x'.repeat(200_000), password: 'y' },
      { Cookie: cookie }
    )
    expect(huge.status).toBe(413)
  })

  it('keeps two windows apart: signing in one leaves the other a guest', async () => {
    const first = await windowCookie(server.appUrl)
    const second = await windowCookie(server.appUrl)
    expect(first).not.toBe(second)
    await core.router.handle({ windowId: 'setup', kind: 'app' }, 'createFirstAdmin', {
      username: 'root',
      email: 'root@example.com',
      password: 'Granite-valley-44',
      passwordConfirmation: 'Granite-valley-44'
    })
    const login = JSON.parse(
      (await callApi(server.appUrl, 'logIn', { identifier: 'root', password: 'Granite-valley-44' }, { Cookie: first }))
        .body
    )
    expect(login).toMatchObject({ ok: true, data: { user: { username: 'root' } } })
    const other = JSON.parse((await callApi(server.appUrl, 'getSession', {}, { Cookie: second })).body)
    expect(other).toMatchObject({ ok: true, data: { user: null } })
  })

  it('does not serve files outside the renderer folder', async () => {
    const traversal = await send(`${server.appUrl}..%2f..%2fpackage.json`)
    expect(traversal.status).toBe(404)
  })
})

/** Sends exactly `head` (CRLF line ends added) and returns the status of the answer. */
function sendRaw(port: number, head: string[]): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)
      if (status) {
        socket.destroy()
        resolveStatus(Number(status[1]))
      }
    })
    socket.on('error', reject)
    socket.on('close', () => reject(new Error(`closed without an answer: ${text}`)))
    socket.write([...head, '', ''].join('\r\n'))
  })
}

describe('browser preview server: malformed and ambiguous requests', () => {
  const path = (url: string): string => new URL(url).pathname
  const host = (): string => `127.0.0.1:${server.port}`

  it('answers 400, not 500, to malformed percent-encoding in a path', async () => {
    for (const bad of ['%E0%A4%A', '%', '%zz', 'assets/%E0%A4%A.js']) {
      expect(await sendRaw(server.port, [`GET ${path(server.appUrl)}${bad} HTTP/1.1`, `Host: ${host()}`])).toBe(400)
      expect(await sendRaw(server.port, [`GET /${bad} HTTP/1.1`, `Host: ${host()}`])).toBe(400)
    }
    // A well-formed escape still reaches its file.
    expect(await sendRaw(server.port, [`GET ${path(server.appUrl)}%69ndex.html HTTP/1.1`, `Host: ${host()}`])).toBe(200)
  })

  it('refuses a request with two Host headers, even when the first one is right', async () => {
    const page = `GET ${path(server.appUrl)} HTTP/1.1`
    expect(await sendRaw(server.port, [page, `Host: ${host()}`, 'Host: evil.example'])).toBe(400)
    expect(await sendRaw(server.port, [page, `Host: ${host()}`, `host: ${host()}`])).toBe(400)
    expect(await sendRaw(server.port, [page, `Host: ${host()}`])).toBe(200)
  })

  it('opens the event stream only for a window the server handed out', async () => {
    const events = `GET ${path(server.appUrl)}events HTTP/1.1`
    expect(await sendRaw(server.port, [events, `Host: ${host()}`])).toBe(400)
    expect(await sendRaw(server.port, [events, `Host: ${host()}`, 'Cookie: la_window_app=x'])).toBe(400)
    const cookie = await windowCookie(server.appUrl)
    expect(await sendRaw(server.port, [events, `Host: ${host()}`, `Cookie: ${cookie}`])).toBe(200)
    // The Mail log window's cookie does not open the app's stream.
    const mailCookie = (await windowCookie(server.mailLogUrl)).replace(/^[^=]+/, 'la_window_mail')
    expect(await sendRaw(server.port, [events, `Host: ${host()}`, `Cookie: ${mailCookie}`])).toBe(400)
  })
})

interface StartedPreview {
  /** The process the test spawned (tsx's launcher, or a wrapper shell). */
  parent: ChildProcess
  /** The node process that runs the server. */
  serverPid: number
  appUrl: string
  dataDir: string
}

const tsx = join(root, 'node_modules', '.bin', 'tsx')
const started: StartedPreview[] = []

/** Starts scripts/start-browser.ts as `command args…` and waits for its URLs. */
async function startPreview(
  command: string,
  args: (dataDir: string) => string[],
  options: { ownProcessGroup?: boolean } = {}
): Promise<StartedPreview> {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-preview-'))
  const parent = spawn(command, args(dataDir), {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup === true
  })
  const output = await new Promise<string>((resolveOutput, reject) => {
    let text = ''
    parent.stdout?.on('data', (chunk) => {
      text += chunk
      if (/Mail log: \S+/.test(text)) resolveOutput(text)
    })
    parent.stderr?.on('data', (chunk) => (text += chunk))
    parent.on('exit', (code) => reject(new Error(`exited ${code}: ${text}`)))
  })
  // The server is the deepest process of the tree that runs the script (tsx starts node under it).
  const serverPid = descendants(parent.pid as number)
    .filter((pid) => commandLine(pid).includes('scripts/start-browser.ts'))
    .at(-1) as number
  const preview = { parent, serverPid, appUrl: /App: (\S+)/.exec(output)?.[1] as string, dataDir }
  started.push(preview)
  expect(serverPid, 'the server process was not found under the one started').toBeGreaterThan(0)
  return preview
}

const answers = (url: string): Promise<boolean> =>
  send(url).then(
    () => true,
    () => false
  )

describe.skipIf(!canReadProcesses)('npm run start:browser', () => {
  if (!canReadProcesses)
    console.log('[preview test] no /proc here: the process-tree tests of start:browser were skipped')

  // A server left running would answer and hold its database after the suite: none may outlive it.
  afterAll(async () => {
    const trees = started.map(({ parent, serverPid }) => [parent.pid as number, serverPid])
    for (const { parent } of started) if (isRunning(parent.pid as number)) parent.kill('SIGKILL')
    const gone = await waitUntilGone(trees.flat(), 5000)
    for (const { dataDir } of started) rmSync(dataDir, { recursive: true, force: true })
    expect(gone, 'a preview server outlived its test').toBe(true)
  })

  it('prints App and Mail log URLs, serves the app there, and stops with the launcher that started it', async () => {
    // tsx's launcher runs the server in a node process of its own, so SIGTERM reaches the parent only.
    const preview = await startPreview(tsx, (dataDir) => [
      'scripts/start-browser.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir
    ])
    expect(preview.appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\//)
    expect((await send(preview.appUrl)).status).toBe(200)
    expect(existsSync(join(preview.dataDir, 'local-accounts.sqlite3'))).toBe(true)
    preview.parent.kill('SIGTERM')
    expect(await waitUntilGone([preview.serverPid], 5000)).toBe(true)
    expect(await answers(preview.appUrl)).toBe(false)
  })

  it('stops when the process that started it is killed with SIGKILL', async () => {
    // The shell stays as the parent (it has a command left to run), as sh does under npm.
    const preview = await startPreview('sh', (dataDir) => [
      '-c',
      '"$0" scripts/start-browser.ts --port 0 --data-dir "$1"; echo stopped',
      tsx,
      dataDir
    ])
    expect(await answers(preview.appUrl)).toBe(true)
    preview.parent.kill('SIGKILL')
    expect(await waitUntilGone([preview.serverPid], 5000)).toBe(true)
    expect(await answers(preview.appUrl)).toBe(false)
  })

  it('stops on Ctrl-C in a terminal (SIGINT to the whole chain) and closes its database cleanly', async () => {
    // As npm runs it: a shell that waits, tsx, then node; a terminal signals every one of them.
    const preview = await startPreview(
      'sh',
      (dataDir) => ['-c', '"$0" scripts/start-browser.ts --port 0 --data-dir "$1"; echo stopped', tsx, dataDir],
      { ownProcessGroup: true }
    )
    process.kill(-(preview.parent.pid as number), 'SIGINT')
    expect(await waitUntilGone([preview.serverPid, preview.parent.pid as number], 3000)).toBe(true)
    expect(await answers(preview.appUrl)).toBe(false)
    expect(existsSync(join(preview.dataDir, 'local-accounts.sqlite3-wal'))).toBe(false)
  })

  it('stops at once on Ctrl-C (SIGINT) and closes its database cleanly', async () => {
    const preview = await startPreview(tsx, (dataDir) => [
      'scripts/start-browser.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir
    ])
    // The database is in use: WAL mode keeps a -wal file while a connection is open.
    expect(existsSync(join(preview.dataDir, 'local-accounts.sqlite3-wal'))).toBe(true)
    process.kill(preview.serverPid, 'SIGINT')
    expect(await waitUntilGone([preview.serverPid], 3000)).toBe(true)
    expect(await answers(preview.appUrl)).toBe(false)
    // The last connection closed normally: SQLite folded the WAL back and removed it.
    expect(existsSync(join(preview.dataDir, 'local-accounts.sqlite3-wal'))).toBe(false)
  })
})
