import type { Handlers } from '../router'
import { sessionHandlers } from './session'

/** Every feature's handlers, merged; the router refuses a channel that has none. */
export const handlers: Handlers = {
  ...sessionHandlers
}
