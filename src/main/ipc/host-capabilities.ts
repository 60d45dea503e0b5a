import type { CallerContext } from './caller'

/**
 * What only the desktop host can do for a window, given to the handlers by the host that has it.
 * The browser preview has none: its windows do these things themselves (a download for a save).
 */
export interface HostCapabilities {
  /** The system's save dialog over the caller's window; the path chosen, or null when cancelled. */
  chooseSaveFile(caller: CallerContext, defaultName: string): Promise<string | null>
}
