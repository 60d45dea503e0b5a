import type { KitRequest } from '../main/testing/kit-requests'
import type { App } from './api'

/** One started app, whichever target: what the fixtures are built on. */
export interface KitHost {
  app: App
  /** One request to the app's kit hook (see src/main/testing/kit-requests.ts). */
  request(request: KitRequest): Promise<unknown>
  close(): Promise<void>
}
