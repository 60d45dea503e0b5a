import { readdirSync, readFileSync } from 'node:fs'
import { parentOf } from '../../scripts/lib/exit-with-parent'

/** Linux only: the tests that follow process trees read /proc. */
export const canReadProcesses = ((): boolean => {
  try {
    readFileSync('/proc/self/stat')
    return true
  } catch {
    return false
  }
})()

function pids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
}

/** Every living descendant of `root`, children before grandchildren. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const pid of pids()) {
    const parent = parentOf(pid)
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid])
  }
  const found: number[] = []
  const queue = [root]
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child)
      queue.push(child)
    }
  }
  return found
}

/** The command line of `pid`, or '' when it is gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    return ''
  }
}

/** True while `pid` runs (a zombie, dead but not yet reaped, counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

/** Polls until every pid is gone; false if one still runs after `withinMilliseconds`. */
export async function waitUntilGone(pidsToWatch: number[], withinMilliseconds: number): Promise<boolean> {
  const deadline = Date.now() + withinMilliseconds
  while (Date.now() < deadline) {
    if (!pidsToWatch.some(isRunning)) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return !pidsToWatch.some(isRunning)
}

/** The environment variable that marks every process a test run starts (see test/global-setup.ts). */
export const TEST_RUN_MARKER = 'LOCAL_ACCOUNTS_TEST_RUN'

/** Running processes that carry this run's marker and are not `self` or below it. */
export function markedOrphans(marker: string, self: number): number[] {
  const mine = new Set([self, ...descendants(self)])
  return pids().filter((pid) => {
    if (mine.has(pid) || !isRunning(pid)) return false
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${TEST_RUN_MARKER}=${marker}`)
    } catch {
      return false
    }
  })
}
