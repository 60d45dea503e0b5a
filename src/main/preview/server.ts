import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { EventName } from '../../shared/channels'
import type { CallerContext } from '../ipc/caller'
import type { Router } from '../ipc/router'
import { WindowCookies } from './window-cookies'

export interface PreviewOptions {
  router: Router
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port: number
}

export interface PreviewServer {
  appUrl: string
  mailLogUrl: string
  port: number
  notify(kind: CallerContext['kind'], event: EventName): void
  close(): Promise<void>
}

type Kind = CallerContext['kind']

const maxBodyBytes = 64 * 1024
const pageFile: Record<Kind, string> = { app: 'index.html', 'mail-log': 'mail-log.html' }
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json'
}
const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  // The secret is part of every path: never send it on as a referrer.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store'
}

/**
 * The browser preview: the built renderer and the same router as Electron, over HTTP on
 * 127.0.0.1 only. Each launch has two secrets, one per kind of window, carried in the URL path;
 * requests with a foreign Host or Origin are refused. A browser context is one window: its
 * window id lives in an HttpOnly cookie, and its session stays in this process.
 */
export async function startPreviewServer(options: PreviewOptions): Promise<PreviewServer> {
  const secrets: Record<Kind, string> = {
    app: randomBytes(24).toString('base64url'),
    'mail-log': randomBytes(24).toString('base64url')
  }
  const kindBySecret = new Map<string, Kind>([
    [secrets.app, 'app'],
    [secrets['mail-log'], 'mail-log']
  ])
  const listeners = new Map<Kind, Set<ServerResponse>>([
    ['app', new Set()],
    ['mail-log', new Set()]
  ])
  const windows = new WindowCookies()
  const windowIdOf = windows.windowIdOf.bind(windows)
  let port = 0

  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`]

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Node keeps only the first of several Host headers; a proxy or cache in between may use
    // another, so a request naming two hosts is not ours to answer.
    if (hostHeaderCount(request) !== 1) return refuse(response, 400, 'Bad request: exactly one Host header is needed.')
    const host = request.headers.host ?? ''
    const origin = request.headers.origin
    if (
      !allowedHosts().includes(host) ||
      (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`))
    ) {
      return refuse(response, 403, 'Forbidden: this server answers only its own pages on 127.0.0.1.')
    }
    const url = new URL(request.url ?? '/', `http://${host}`)
    // Decoded once here, so a malformed escape is the client's error (400), never ours (500).
    if (decodedPath(url.pathname) === null) return refuse(response, 400, 'Bad request: malformed percent-encoding.')
    const match = /^\/s\/([A-Za-z0-9_-]+)(\/.*)$/.exec(url.pathname)
    const kind = match ? kindBySecret.get(match[1]) : undefined
    if (!match || !kind) return refuse(response, 404, 'Not found. Open the URL the preview printed.')
    const secret = match[1]
    const rest = match[2]

    if (rest === '/' && request.method === 'GET') return servePage(request, response, kind, secret)
    if (rest.startsWith('/api/') && request.method === 'POST') return serveApi(request, response, kind, rest.slice(5))
    if (rest === '/events' && request.method === 'GET') return serveEvents(request, response, kind)
    if (request.method === 'GET') return serveStatic(response, decodedPath(rest) as string)
    return refuse(response, 405, 'Method not allowed.')
  }

  async function servePage(
    request: IncomingMessage,
    response: ServerResponse,
    kind: Kind,
    secret: string
  ): Promise<void> {
    const html = await readFile(join(options.rendererDir, pageFile[kind]), 'utf8')
    // The shim must run before the app's module: module scripts run in document order.
    const withShim = html.replace(
      /<script type="module"/,
      '<script type="module" crossorigin src="./preview/shim.js"></script>\n    <script type="module"'
    )
    const headers: Record<string, string> = { ...securityHeaders, 'Content-Type': contentTypes['.html'] }
    if (!windowIdOf(request, kind)) {
      const id = windows.issue(kind)
      headers['Set-Cookie'] = `${WindowCookies.cookieName(kind)}=${id}; Path=/s/${secret}/; HttpOnly; SameSite=Strict`
    }
    response.writeHead(200, headers)
    response.end(withShim)
  }

  async function serveApi(
    request: IncomingMessage,
    response: ServerResponse,
    kind: Kind,
    channel: string
  ): Promise<void> {
    const windowId = windowIdOf(request, kind)
    if (!windowId) return refuse(response, 400, 'No window: load the page first.')
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(response, 415, 'Expected application/json.')
    }
    let payload: unknown
    try {
      payload = JSON.parse(await readBody(request))
    } catch (error) {
      const tooLarge = error instanceof Error && error.message === 'too large'
      return refuse(response, tooLarge ? 413 : 400, tooLarge ? 'Request too large.' : 'Malformed JSON.')
    }
    const result = await options.router.handle({ windowId: `preview-${kind}-${windowId}`, kind }, channel, payload)
    response.writeHead(200, { ...securityHeaders, 'Content-Type': 'application/json' })
    response.end(JSON.stringify(result))
  }

  function serveEvents(request: IncomingMessage, response: ServerResponse, kind: Kind): void {
    // Only a page this server handed a window to may listen, as for the API.
    if (!windowIdOf(request, kind)) return refuse(response, 400, 'No window: load the page first.')
    response.writeHead(200, { ...securityHeaders, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' })
    response.write(': connected\n\n')
    const set = listeners.get(kind) as Set<ServerResponse>
    set.add(response)
    request.on('close', () => set.delete(response))
  }

  async function serveStatic(response: ServerResponse, path: string): Promise<void> {
    const file = normalize(join(options.rendererDir, path))
    if (!file.startsWith(normalize(options.rendererDir) + sep)) return refuse(response, 404, 'Not found.')
    try {
      const body = await readFile(file)
      response.writeHead(200, {
        ...securityHeaders,
        'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream'
      })
      response.end(body)
    } catch {
      refuse(response, 404, 'Not found.')
    }
  }

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      console.error(`[preview] ${error instanceof Error ? error.message : String(error)}`)
      if (!response.headersSent) refuse(response, 500, 'Internal error.')
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const base = `http://127.0.0.1:${port}`

  return {
    appUrl: `${base}/s/${secrets.app}/`,
    mailLogUrl: `${base}/s/${secrets['mail-log']}/`,
    port,
    notify(kind, event) {
      for (const listener of listeners.get(kind) ?? []) listener.write(`event: ${event}\ndata: {}\n\n`)
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const set of listeners.values()) for (const listener of set) listener.end()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function hostHeaderCount(request: IncomingMessage): number {
  let count = 0
  for (let i = 0; i < request.rawHeaders.length; i += 2) if (request.rawHeaders[i].toLowerCase() === 'host') count++
  return count
}

function decodedPath(path: string): string | null {
  try {
    return decodeURIComponent(path)
  } catch {
    return null
  }
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' })
  response.end(message)
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      // Past the limit the rest is read and dropped, so the 413 answer still reaches the client.
      if (size > maxBodyBytes) reject(new Error('too large'))
      else chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}
