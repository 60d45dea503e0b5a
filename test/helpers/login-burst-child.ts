/**
 * A second process for the lockout tests: opens the same data folder, says `ready`, waits for a
 * line on stdin, then sends a staggered burst of logins for one name through its own router and prints
 * `{ verified, codes }`. Run with tsx: DATA_DIR NAME NOW_MS PASSWORD...
 */
import { createInterface } from 'node:readline'
import { handlers } from '../../src/main/ipc/handlers'
import { createRouter } from '../../src/main/ipc/router'
import { CountingHasher, signInWithHasher } from './counting-hasher'
import { appWindow, CHEAP_HASHING, ManualClock, openTestCore } from './core'

const [dataDir, name, now, ...passwords] = process.argv.slice(2)
const core = openTestCore(dataDir, {}, { clock: new ManualClock(Number(now)) })
const hasher = new CountingHasher(CHEAP_HASHING)
const router = createRouter({ ...core.services, signIn: signInWithHasher(core, hasher) }, handlers)

const input = createInterface({ input: process.stdin })
async function burst(): Promise<void> {
  // In small groups, as the parent sends its own, so the two processes' calls interleave.
  const pending = []
  for (const [i, password] of passwords.entries()) {
    pending.push(router.handle(appWindow(`child-${i}`), 'logIn', { identifier: name, password }))
    if (i % 3 === 2) await new Promise((resolve) => setTimeout(resolve, 1))
  }
  const results = await Promise.all(pending)
  const codes = results.map((result) => (result.ok ? 'signed_in' : result.error.code))
  console.log(JSON.stringify({ verified: hasher.verifiedAgainst.length, codes }))
  input.close()
  core.close()
}
input.once('line', () => void burst())
console.log('ready')
