/** Who is calling: which window (its own id, given by the host) and what kind of window. */
export interface CallerContext {
  windowId: string
  kind: 'app' | 'mail-log'
}
