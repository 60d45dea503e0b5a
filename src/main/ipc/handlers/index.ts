import type { Handlers } from '../router'
import { adminHandlers } from './admin-channels'
import { adminToolsHandlers } from './admin-tools-channels'
import { mailLogHandlers } from './mail-log-channels'
import { resetHandlers } from './reset-channels'
import { sessionHandlers } from './session-channels'
import { settingsHandlers } from './settings-channels'
import { twoFactorHandlers } from './two-factor-channels'
import { workstationHandlers } from './workstation-channels'

/** Every feature's handlers, merged; the type checker names any contract channel left without one. */
export const handlers: Handlers = {
  ...sessionHandlers,
  ...adminHandlers,
  ...resetHandlers,
  ...mailLogHandlers,
  ...settingsHandlers,
  ...twoFactorHandlers,
  ...workstationHandlers,
  ...adminToolsHandlers
}
