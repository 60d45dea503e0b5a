/** The part of Electron's `powerMonitor` this needs: its events. */
export interface PowerEvents {
  on(event: 'lock-screen' | 'suspend', listener: () => void): unknown
}

/**
 * With `sessions.lockOnSystemLock` on (read at each event, so a change on the Settings screen
 * applies at once), the computer locking its screen or going to sleep locks every session:
 * whoever wakes it finds the Lock screen, not the last person's work.
 */
export function lockSessionsWithSystem(
  power: PowerEvents,
  settings: { lockOnSystemLock?: boolean },
  lockAll: () => void
): void {
  const onSystemLock = (): void => {
    if (settings.lockOnSystemLock !== false) lockAll()
  }
  power.on('lock-screen', onSystemLock)
  power.on('suspend', onSystemLock)
}
