import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventName } from './channels'
import type { ChannelInput, ChannelOutput } from './contract'
import type { Result } from './result'

/** The whole surface a window sees as `window.api`: one named function per channel. */
export type Api = { [K in ChannelName]: (input: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>> } & {
  /** Subscribe to a push from the main process; returns the unsubscribe function. */
  on: (event: EventName, listener: () => void) => () => void
}

export type Invoke = (channel: ChannelName, payload: unknown) => Promise<unknown>
export type Subscribe = (event: EventName, listener: () => void) => () => void

/** Builds the API from a transport; the preload and the browser shim both use this. */
export function createApi(invoke: Invoke, subscribe: Subscribe): Api {
  const api: Record<string, unknown> = {}
  for (const name of CHANNEL_NAMES) {
    api[name] = (input: unknown) => invoke(name, input)
  }
  api.on = (event: EventName, listener: () => void) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`unknown event ${event}`)
    return subscribe(event, listener)
  }
  return Object.freeze(api) as Api
}
