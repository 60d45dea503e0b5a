import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * bcryptjs is plain JavaScript: on the main thread it stalls windows and the database for about
 * 100 ms at a time, whatever the cost. Django's bcrypt hashes are therefore checked in one worker
 * thread, started at the first one, which keeps the process alive only while a check waits for its
 * answer (`ref` then, `unref` when none is left). One at a time:
 * bcrypt hashes are rare (Django's default is PBKDF2) and each is replaced at its first login.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const bcrypt = require(workerData.bcryptPath)
parentPort.on('message', ({ id, password, hash }) => {
  let ok = false
  try { ok = bcrypt.compareSync(password, hash) } catch { ok = false }
  parentPort.postMessage({ id, ok })
})`

let worker: Worker | null = null
let nextId = 0
const pending = new Map<number, (ok: boolean) => void>()

function startWorker(): Worker {
  const bcryptPath = createRequire(__filename).resolve('bcryptjs')
  const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath } })
  started.on('message', ({ id, ok }: { id: number; ok: boolean }) => {
    pending.get(id)?.(ok)
    pending.delete(id)
    // Only now: an unref before the listener above was undone by it, and the worker kept every
    // process that had checked a bcrypt hash from ending (the benchmark after its Django rows).
    if (pending.size === 0) started.unref()
  })
  // A worker that dies answers "no" to what it held; the next check starts a new one.
  const fail = (): void => {
    if (worker === started) worker = null
    for (const settle of pending.values()) settle(false)
    pending.clear()
  }
  started.on('error', fail)
  started.on('exit', fail)
  return started
}

/** bcrypt's compare, in the worker thread. */
export function compareInWorker(password: string, hash: string): Promise<boolean> {
  worker ??= startWorker()
  worker.ref()
  const id = nextId++
  const answer = new Promise<boolean>((resolve) => pending.set(id, resolve))
  worker.postMessage({ id, password, hash })
  return answer
}

/** How many bcrypt checks the worker holds (the host's stop path reads it). */
export const bcryptChecksInFlight = (): number => pending.size
