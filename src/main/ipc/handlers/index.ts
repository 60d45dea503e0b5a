import type { Handlers } from '../router'
import { adminHandlers } from './admin'
import { mailLogHandlers } from './mail-log'
import { resetHandlers } from './reset'
import { sessionHandlers } from './session'

/** Every feature's handlers, merged; the router refuses a channel that has none. */
export const handlers: Handlers = {
  ...sessionHandlers,
  ...adminHandlers,
  ...resetHandlers,
  ...mailLogHandlers
}
