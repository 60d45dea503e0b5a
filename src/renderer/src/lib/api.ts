import type { Api } from '@shared/api'
import { CHANNEL_NAMES, type ChannelName } from '@shared/channels'
import { refreshIfSessionChanged, useSession } from '../store/session'

type Channels = Omit<Api, 'on'>

/**
 * Every call the screens make to main, through one door: an answer that changes or ends this
 * window's session (the codes in `SESSION_CHANGING_CODES`) makes the window ask main who is signed
 * in, and a call that gets no answer at all puts the window in its "not responding" state, so no
 * screen has to remember either. Same shape as `window.api`.
 */
function guarded<K extends ChannelName>(name: K): Channels[K] {
  const call = async (input: Parameters<Channels[K]>[0]) => {
    const session = useSession.getState()
    let result: Awaited<ReturnType<Channels[K]>>
    try {
      // `window.api` is read at call time: the preload or the preview shim sets it before any call.
      result = (await (window.api[name] as (input: unknown) => Promise<unknown>)(input)) as typeof result
    } catch (error) {
      session.setReachable(false)
      throw error
    }
    session.setReachable(true)
    if (!result.ok) refreshIfSessionChanged(result.error)
    return result
  }
  return call as Channels[K]
}

export const api: Channels & Pick<Api, 'on'> = {
  ...(Object.fromEntries(CHANNEL_NAMES.map((name) => [name, guarded(name)])) as Channels),
  on: (event, listener) => window.api.on(event, listener)
}
