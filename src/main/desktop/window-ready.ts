import type { CallerContext } from '../ipc/caller'

/** The line the app prints when a window has drawn its page: what the testers' kit waits for. */
export const WINDOW_READY_LINE = 'local-accounts: window ready'

/**
 * Says on standard output that a window of `kind` is ready to be used, so a driver waits for
 * the page the app means rather than whichever window Chromium reports first (Playwright's
 * `firstWindow()` may see it before its page has loaded). No IPC: nothing a page can fake.
 */
export function announceWindowReady(kind: CallerContext['kind'], write = (line: string) => process.stdout.write(line)) {
  try {
    write(`${WINDOW_READY_LINE} (${kind})\n`)
  } catch {
    // Standard output closed (started from a desktop menu): nobody is waiting for the line.
  }
}
