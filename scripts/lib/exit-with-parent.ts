import { readFileSync } from 'node:fs'

/**
 * Calls `onGone` once when a process that started this one goes away.
 *
 * `npm run start:browser` runs npm → sh → tsx → node, and a signal or SIGKILL to npm reaches
 * none of the others: they are reparented and the server would go on answering and holding the
 * database. Watching only our own parent (tsx) misses that, since tsx is still alive. So the
 * whole chain of ancestors is remembered at start, and a change in any link (an ancestor gone,
 * or reparented because its own parent died) counts as "the process that started us went
 * away". A pid reused by a new process cannot fool it: the new one would have another parent.
 * Where /proc does not exist, only our own parent is watched.
 */
export function exitWithParent(onGone: () => void, intervalInMilliseconds = 500): () => void {
  const originalParent = process.ppid
  const chain = ancestry(originalParent)
  const timer = setInterval(() => {
    const intact = process.ppid === originalParent && chain.every(({ pid, parent }) => parentOf(pid) === parent)
    if (intact) return
    clearInterval(timer)
    onGone()
  }, intervalInMilliseconds)
  // The watch alone must not keep the process alive.
  timer.unref()
  return () => clearInterval(timer)
}

/** `pid` and its ancestors up to (not including) init, each with its parent at this moment. */
function ancestry(pid: number): { pid: number; parent: number }[] {
  const chain: { pid: number; parent: number }[] = []
  let current = pid
  while (current > 1 && chain.length < 32) {
    const parent = parentOf(current)
    if (parent === null) break
    chain.push({ pid: current, parent })
    current = parent
  }
  return chain
}

/** The parent pid of `pid` from /proc, or null when it is gone (or /proc is unavailable). */
export function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[1])
  } catch {
    return null
  }
}
