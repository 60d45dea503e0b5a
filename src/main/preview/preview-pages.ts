import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import type { EventName } from '../../shared/channels'
import type { CallerContext } from '../ipc/caller'
import type { Router } from '../ipc/router'
import { contentTypes, readBody, refuse, securityHeaders } from './responses'
import { WindowCookies } from './window-cookies'

export type Kind = CallerContext['kind']

const pageFile: Record<Kind, string> = { app: 'index.html', 'mail-log': 'mail-log.html' }

/**
 * What the preview answers once a request has passed the Host, Origin and secret checks: the
 * page (which hands the browser context its window cookie), the API, the event stream and the
 * built renderer's files. A browser context is one window: its window id lives in an HttpOnly
 * cookie, and its session stays in this process.
 */
export class PreviewPages {
  private readonly listeners = new Map<Kind, Set<ServerResponse>>([
    ['app', new Set()],
    ['mail-log', new Set()]
  ])
  /** Only window ids this launch issued are accepted (a made-up cookie opens nothing). */
  private readonly windows = new WindowCookies()

  constructor(
    private readonly router: Router,
    /** The built renderer (out/renderer). */
    private readonly rendererDir: string
  ) {}

  async page(request: IncomingMessage, response: ServerResponse, kind: Kind, secret: string): Promise<void> {
    const html = await readFile(join(this.rendererDir, pageFile[kind]), 'utf8')
    // The shim must run before the app's module: module scripts run in document order.
    const withShim = html.replace(
      /<script type="module"/,
      '<script type="module" crossorigin src="./preview/shim.js"></script>\n    <script type="module"'
    )
    const headers: Record<string, string> = { ...securityHeaders, 'Content-Type': contentTypes['.html'] }
    if (!this.windows.windowIdOf(request, kind)) {
      const id = this.windows.issue(kind)
      headers['Set-Cookie'] = `${WindowCookies.cookieName(kind)}=${id}; Path=/s/${secret}/; HttpOnly; SameSite=Strict`
    }
    response.writeHead(200, headers)
    response.end(withShim)
  }

  async api(request: IncomingMessage, response: ServerResponse, kind: Kind, channel: string): Promise<void> {
    const windowId = this.windows.windowIdOf(request, kind)
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
    const result = await this.router.handle({ windowId: `preview-${kind}-${windowId}`, kind }, channel, payload)
    response.writeHead(200, { ...securityHeaders, 'Content-Type': 'application/json' })
    response.end(JSON.stringify(result))
  }

  events(request: IncomingMessage, response: ServerResponse, kind: Kind): void {
    // Only a page this server handed a window to may listen, as for the API.
    if (!this.windows.windowIdOf(request, kind)) return refuse(response, 400, 'No window: load the page first.')
    response.writeHead(200, { ...securityHeaders, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' })
    response.write(': connected\n\n')
    const set = this.listeners.get(kind) as Set<ServerResponse>
    set.add(response)
    request.on('close', () => set.delete(response))
  }

  async file(response: ServerResponse, path: string): Promise<void> {
    const file = normalize(join(this.rendererDir, path))
    if (!file.startsWith(normalize(this.rendererDir) + sep)) return refuse(response, 404, 'Not found.')
    try {
      const body = await readFile(file)
      const type = contentTypes[extname(file)] ?? 'application/octet-stream'
      response.writeHead(200, { ...securityHeaders, 'Content-Type': type })
      response.end(body)
    } catch {
      refuse(response, 404, 'Not found.')
    }
  }

  notify(kind: Kind, event: EventName): void {
    for (const listener of this.listeners.get(kind) ?? []) listener.write(`event: ${event}\ndata: {}\n\n`)
  }

  /** Ends every event stream, so the server can close. */
  endStreams(): void {
    for (const set of this.listeners.values()) for (const listener of set) listener.end()
  }
}
