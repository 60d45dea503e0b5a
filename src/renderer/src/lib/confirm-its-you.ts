import { create } from 'zustand'
import type { Result } from '@shared/result'
import { forgetOnSignOut } from '@/store/session'

interface ConfirmState {
  /** Set while the dialog asks: resolves true once main accepted the password, false if cancelled. */
  pending: ((confirmed: boolean) => void) | null
  ask: () => Promise<boolean>
  settle: (confirmed: boolean) => void
}

/** The one Confirm it's you dialog of the window, asked for by whichever action needs it. */
export const useConfirmItsYou = create<ConfirmState>()((set, get) => ({
  pending: null,
  ask: () =>
    new Promise<boolean>((resolve) => {
      get().pending?.(false)
      set({ pending: resolve })
    }),
  settle: (confirmed) => {
    get().pending?.(confirmed)
    set({ pending: null })
  }
}))

forgetOnSignOut(() => useConfirmItsYou.getState().settle(false))

/**
 * A sensitive call (main answers `reauthentication_required` until the password was given again
 * in the last minutes): asks for the password in the Confirm it's you dialog, then calls once more.
 * Cancelled, the first answer stands.
 */
export async function withConfirmation<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  const first = await call()
  if (first.ok || first.error.code !== 'reauthentication_required') return first
  const confirmed = await useConfirmItsYou.getState().ask()
  return confirmed ? call() : first
}
