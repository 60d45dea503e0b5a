import type { Target } from './api'
import type { ElectronLaunch } from './electron-target'

/**
 * Which target a test runs on: the project's `target`, else LOCAL_ACCOUNTS_TARGET, else Electron
 * where it can run, else the browser. Electron that cannot run skips the test, with the reason,
 * when the project chose it; LOCAL_ACCOUNTS_TARGET=electron fails instead, so a CI job that asked
 * for Electron cannot pass without it.
 */
export function chooseTarget(
  option: Target | undefined,
  env: NodeJS.ProcessEnv,
  electron: (env: NodeJS.ProcessEnv) => ElectronLaunch | { missing: string },
  skip: (reason: string) => void
): { target: 'browser' } | ElectronLaunch {
  const forced = env.LOCAL_ACCOUNTS_TARGET
  if (forced !== undefined && forced !== 'electron' && forced !== 'browser') {
    throw new Error(`LOCAL_ACCOUNTS_TARGET must be electron or browser, not ${JSON.stringify(forced)}`)
  }
  const wanted: Target | undefined = option ?? forced
  if (wanted === 'browser') return { target: 'browser' }
  const launch = electron(env)
  if (!('missing' in launch)) return launch
  if (wanted === undefined) return { target: 'browser' }
  if (option === 'electron') skip(`Electron end-to-end skipped: ${launch.missing}`)
  throw new Error(`LOCAL_ACCOUNTS_TARGET=electron, but the app cannot run in Electron here: ${launch.missing}`)
}
