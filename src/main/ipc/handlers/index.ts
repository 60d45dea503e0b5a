import type { Handlers } from '../router'
import { adminHandlers } from './admin'
import { mailLogHandlers } from './mail-log'
import { resetHandlers } from './reset'
import { sessionHandlers } from './session'
import { settingsHandlers } from './settings'
import { twoFactorHandlers } from './two-factor'

/** Every feature's handlers, merged; the type checker names any contract channel left without one. */
export const handlers: Handlers = {
  ...sessionHandlers,
  ...adminHandlers,
  ...resetHandlers,
  ...mailLogHandlers,
  ...settingsHandlers,
  ...twoFactorHandlers
}
