import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { CallerContext } from '../ipc/caller'

type Kind = CallerContext['kind']

/**
 * The window ids this launch handed out, one cookie per kind of window. A cookie is accepted
 * only if this launch issued it: a made-up value (or one from an earlier launch) opens neither
 * `/api/*` nor `/events`. Each page load without a valid cookie issues one id; the oldest ids
 * are forgotten past `limit`, so reloading in a loop cannot grow memory without end (a
 * forgotten window loads its page again and gets a fresh id).
 */
export class WindowCookies {
  private readonly issued: Record<Kind, Set<string>> = { app: new Set(), 'mail-log': new Set() }

  constructor(private readonly limit = 10_000) {}

  static cookieName(kind: Kind): string {
    return `la_window_${kind === 'app' ? 'app' : 'mail'}`
  }

  /** A new window id for a page of `kind`, remembered as issued. */
  issue(kind: Kind): string {
    const id = randomBytes(18).toString('base64url')
    const set = this.issued[kind]
    set.add(id)
    if (set.size > this.limit) set.delete(set.values().next().value as string)
    return id
  }

  /** The request's window id for `kind`, if this launch issued it; null otherwise. */
  windowIdOf(request: IncomingMessage, kind: Kind): string | null {
    const cookies = request.headers.cookie ?? ''
    for (const part of cookies.split(';')) {
      const [name, value] = part.trim().split('=')
      if (name === WindowCookies.cookieName(kind) && value && this.issued[kind].has(value)) return value
    }
    return null
  }
}
