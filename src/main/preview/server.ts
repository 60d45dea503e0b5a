import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { EventName } from '../../shared/channels'
import type { Router } from '../ipc/router'
import { PreviewPages, type Kind } from './preview-pages'
import { decodedPath, hostHeaderCount, refuse } from './responses'

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
  notify(kind: Kind, event: EventName): void
  close(): Promise<void>
}

/**
 * The browser preview: the built renderer and the same router as Electron, over HTTP on
 * 127.0.0.1 only. Each launch has two secrets, one per kind of window, carried in the URL path;
 * requests with a foreign Host or Origin are refused. What a request that passes gets is in
 * preview-pages.ts.
 */
export async function startPreviewServer(options: PreviewOptions): Promise<PreviewServer> {
  const secrets: Record<Kind, string> = {
    app: randomBytes(24).toString('base64url'),
    'mail-log': randomBytes(24).toString('base64url')
  }
  const pages = new PreviewPages(options.router, options.rendererDir)
  const gate = new PreviewGate(secrets, pages)
  const server = createServer((request, response) => {
    gate.serve(request, response).catch((error: unknown) => {
      console.error(`[preview] ${error instanceof Error ? error.message : String(error)}`)
      if (!response.headersSent) refuse(response, 500, 'Internal error.')
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  gate.port = port
  const base = `http://127.0.0.1:${port}`

  return {
    appUrl: `${base}/s/${secrets.app}/`,
    mailLogUrl: `${base}/s/${secrets['mail-log']}/`,
    port,
    notify: (kind, event) => pages.notify(kind, event),
    close: () =>
      new Promise<void>((resolve) => {
        pages.endStreams()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** Lets through only requests for our own host, from our own origin, under a secret of this launch. */
class PreviewGate {
  /** Set once the server listens; until then no request arrives. */
  port = 0
  private readonly kindBySecret: Map<string, Kind>

  constructor(
    secrets: Record<Kind, string>,
    private readonly pages: PreviewPages
  ) {
    this.kindBySecret = new Map<string, Kind>([
      [secrets.app, 'app'],
      [secrets['mail-log'], 'mail-log']
    ])
  }

  async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refusal = this.refusal(request)
    if (refusal) return refuse(response, refusal.status, refusal.message)
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`)
    // Decoded once here, so a malformed escape is the client's error (400), never ours (500).
    if (decodedPath(url.pathname) === null) return refuse(response, 400, 'Bad request: malformed percent-encoding.')
    const match = /^\/s\/([A-Za-z0-9_-]+)(\/.*)$/.exec(url.pathname)
    const kind = match ? this.kindBySecret.get(match[1]) : undefined
    if (!match || !kind) return refuse(response, 404, 'Not found. Open the URL the preview printed.')
    const [, secret, rest] = match

    if (rest === '/' && request.method === 'GET') return this.pages.page(request, response, kind, secret)
    if (rest.startsWith('/api/') && request.method === 'POST')
      return this.pages.api(request, response, kind, rest.slice(5))
    if (rest === '/events' && request.method === 'GET') return this.pages.events(request, response, kind)
    if (request.method === 'GET') return this.pages.file(response, decodedPath(rest) as string)
    return refuse(response, 405, 'Method not allowed.')
  }

  private refusal(request: IncomingMessage): { status: number; message: string } | null {
    // Node keeps only the first of several Host headers; a proxy or cache in between may use
    // another, so a request naming two hosts is not ours to answer.
    if (hostHeaderCount(request) !== 1)
      return { status: 400, message: 'Bad request: exactly one Host header is needed.' }
    const allowedHosts = [`127.0.0.1:${this.port}`, `localhost:${this.port}`]
    const host = request.headers.host ?? ''
    const origin = request.headers.origin
    if (!allowedHosts.includes(host) || (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`))) {
      return { status: 403, message: 'Forbidden: this server answers only its own pages on 127.0.0.1.' }
    }
    return null
  }
}
