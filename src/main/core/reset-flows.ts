export interface ResetFlow {
  user: { id: number; username: string } | null
  startedAt: number
}

/**
 * Which account each window last asked a code for, in main-process memory only (window ids
 * belong to this process; the counts are in the database). Bounded: the oldest flow goes
 * first, and a flow lasts as long as a code does.
 */
export class ResetFlows {
  private static readonly maxFlows = 10_000
  private readonly byWindow = new Map<string, ResetFlow>()

  /** A getter: a lifetime changed on the Settings screen applies to flows already started. */
  constructor(private readonly lifetimeInMilliseconds: () => number) {}

  start(windowId: string, user: ResetFlow['user'], now: number): void {
    this.byWindow.delete(windowId)
    this.byWindow.set(windowId, { user, startedAt: now })
    if (this.byWindow.size > ResetFlows.maxFlows) {
      this.byWindow.delete(this.byWindow.keys().next().value as string)
    }
  }

  get(windowId: string, now: number): ResetFlow | null {
    const flow = this.byWindow.get(windowId)
    if (!flow) return null
    if (now - flow.startedAt >= this.lifetimeInMilliseconds()) {
      this.byWindow.delete(windowId)
      return null
    }
    return flow
  }

  end(windowId: string): void {
    this.byWindow.delete(windowId)
  }
}
