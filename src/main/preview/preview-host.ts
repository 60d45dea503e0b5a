import { createAppCore, type AppCore, type AppOptions } from '../app'
import { startPreviewServer, type PreviewServer } from './server'

export interface PreviewHostOptions extends Omit<AppOptions, 'onMail'> {
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port: number
}

export interface PreviewHost {
  core: AppCore
  server: PreviewServer
  /** Stops the server, then closes the database (even if the server's close fails). */
  close(): Promise<void>
}

/**
 * The browser preview's start-up, one place for `npm run start:browser` and the testers' kit:
 * the app core on the data folder, then the server on its router. A stored message refreshes
 * open Mail log pages; none can arrive before a page has asked for one, so the server being
 * started after the core loses nothing.
 */
export async function startPreviewHost(options: PreviewHostOptions): Promise<PreviewHost> {
  const { rendererDir, port, ...appOptions } = options
  let server: PreviewServer | null = null
  const core = createAppCore({ ...appOptions, onMail: () => server?.notify('mail-log', 'mailLogChanged') })
  try {
    server = await startPreviewServer({ router: core.router, rendererDir, port })
  } catch (error) {
    core.close()
    throw error
  }
  const started = server
  return {
    core,
    server: started,
    close: async () => {
      try {
        await started.close()
      } finally {
        core.close()
      }
    }
  }
}
