import { DataFolderInUseError, lockDataFolder } from '../../src/main/desktop/instance-lock'

/**
 * A second real process for the instance-lock tests. `hold DIR`: take the lock, print
 * "locked", keep it until killed. `hold-gc DIR`: the same, after collecting garbage (run with
 * --expose-gc), so a lock held by nothing but the module itself is tested. `try DIR`: take it,
 * print "locked" or "in use: <message>", exit.
 */
const [mode, dataDir] = process.argv.slice(2)
try {
  lockDataFolder(dataDir)
  if (mode === 'hold-gc') (globalThis as { gc?: () => void }).gc?.()
  console.log('locked')
  if (mode !== 'try') setInterval(() => undefined, 60_000)
} catch (error) {
  if (!(error instanceof DataFolderInUseError)) throw error
  console.log(`in use: ${error.message}`)
}
