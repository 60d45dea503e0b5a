import { randomUUID } from 'node:crypto'
import { canReadProcesses, commandLine, markedOrphans, TEST_RUN_MARKER } from './helpers/processes'

/**
 * Every process a test starts inherits a marker in its environment; after the run, any that
 * still runs outside vitest's own tree was left behind (a preview server still answering and
 * holding its database, say). It is ended and the run fails: a suite that leaks processes is
 * a broken suite, even when each test passed.
 */
export function setup(): void {
  process.env[TEST_RUN_MARKER] = randomUUID()
}

export function teardown(): void {
  const marker = process.env[TEST_RUN_MARKER]
  if (!marker || !canReadProcesses) return
  const leftovers = markedOrphans(marker, process.pid)
  for (const pid of leftovers) {
    console.error(`[tests] process ${pid} was left running after the suite: ${commandLine(pid)}`)
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  if (leftovers.length > 0) process.exitCode = 1
}
