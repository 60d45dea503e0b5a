import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { resolveDataDir } from '../src/main/app'
import { exitNow } from '../src/main/exit-now'
import { startPreviewHost } from '../src/main/preview/preview-host'
import { exitWithParent } from './lib/exit-with-parent'
import { APP_NAME } from '../src/shared/product'

/**
 * `npm run start:browser -- [--port N] [--data-dir DIR]`: the app's UI and main-process
 * services in a local browser, for testers and machines where Electron cannot run.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const portFlag = argv.indexOf('--port')
  const port = portFlag >= 0 ? Number(argv[portFlag + 1]) : 4173
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port needs a number from 0 to 65535')
  const dataDir = resolveDataDir(argv, process.env, join(homedir(), '.config', 'local-accounts-preview'))
  const root = resolve(__dirname, '..')
  const host = await startPreviewHost({
    dataDir,
    resourcesDir: join(root, 'resources'),
    rendererDir: join(root, 'out', 'renderer'),
    port
  })
  const { server } = host
  console.log(`${APP_NAME} — browser preview (testing mode: loopback only, not for real accounts)`)
  console.log(`Data: ${dataDir}`)
  console.log(`App: ${server.appUrl}`)
  console.log(`Mail log: ${server.mailLogUrl}`)
  let stopping = false
  const stop = (): void => {
    // Ctrl-C reaches us twice (from the terminal and relayed by tsx): stop once. A close that
    // hangs must not leave the database held, nor a hash still running (see exitNow).
    if (stopping) return
    stopping = true
    setTimeout(() => exitNow(1, true), 2000).unref()
    void host.close().finally(() => exitNow(0, host.core.services.hasher.busy))
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop)
  exitWithParent(() => {
    // The starter may have taken the reading end of our output with it: a failed write must
    // not cut the clean stop short.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {})
    console.log('The process that started the preview has gone: stopping.')
    stop()
  })
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
