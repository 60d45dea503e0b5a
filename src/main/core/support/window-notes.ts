/**
 * At most this many windows carry one kind of note; past it the oldest note goes first, so
 * windows that never come back cannot grow main's memory.
 */
export const MAX_REMEMBERED_PER_KIND = 10_000

/**
 * One kind of per-window note (a pending second factor, a reset flow), in memory only: window
 * ids belong to this process, and what must survive or be shared is in the database. Bounded,
 * oldest first; `forget` is how a closed window's note goes.
 */
export class WindowNotes<T> {
  /** A Map keeps insertion order: deleting and setting again makes a note the newest. */
  private readonly notes = new Map<string, T>()

  constructor(private readonly max: number = MAX_REMEMBERED_PER_KIND) {}

  get(windowId: string): T | null {
    return this.notes.get(windowId) ?? null
  }

  /** Sets the window's note (the newest); returns the id of a window whose note went past the bound. */
  set(windowId: string, note: T): string | null {
    this.notes.delete(windowId)
    this.notes.set(windowId, note)
    if (this.notes.size <= this.max) return null
    const oldest = this.notes.keys().next().value as string
    this.notes.delete(oldest)
    return oldest
  }

  forget(windowId: string): void {
    this.notes.delete(windowId)
  }
}
