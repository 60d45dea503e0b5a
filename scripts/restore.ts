import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir, resolveDataDir } from '../src/main/app'
import { AuditEventRepository } from '../src/main/db/audit-events-repository'
import { UserRepository } from '../src/main/db/users-repository'
import { AuditLog } from '../src/main/core/audit/audit-log'
import { systemClock } from '../src/main/core/support/clock'
import { restoreDatabase } from '../src/main/db/backup-file'
import { openDatabase } from '../src/main/db/database'
import { lockDataFolder } from '../src/main/desktop/instance-lock'

const usage = `Usage: npm run restore -- --from FILE [--data-dir DIR]

Replaces the data folder's database with the backup FILE, while Local Accounts is not running
on that folder. A newer, damaged or foreign file is refused and nothing changes. The replaced
database is kept beside it as local-accounts.sqlite3.before-restore.`

function main(): void {
  const argv = process.argv.slice(2)
  const { values } = parseArgs({
    args: argv,
    options: { from: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true
  })
  if (values.help) return console.log(usage)
  if (!values.from) throw new Error(`--from FILE is required.\n\n${usage}`)
  const dataDir = resolveDataDir(argv, process.env, defaultDataDir())
  const from = resolve(values.from)
  // The app's own lock: refused, with who holds it, while the app runs on this folder.
  const lock = lockDataFolder(dataDir)
  try {
    const { replaced } = restoreDatabase(dataDir, from)
    // Opened the way the app opens it: an older backup is brought up to this version's schema.
    const db = openDatabase(dataDir)
    try {
      new AuditLog(new AuditEventRepository(db), new UserRepository(db), systemClock).record({
        kind: 'restore',
        outcome: 'success',
        detail: `from ${from}`
      })
    } finally {
      db.close()
    }
    console.log(`Restored ${dataDir} from ${from}.`)
    if (replaced) console.log(`The replaced database is kept as ${replaced}.`)
  } finally {
    lock.release()
  }
}

try {
  main()
} catch (error: unknown) {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
