import { parseArgs } from 'node:util'
import { defaultDataDir, resolveDataDir } from '../src/main/app'
import { readSettings } from '../src/main/core/settings/load-settings'
import { openDatabase, type Db } from '../src/main/db/database'
import { cliServices } from './lib/cli-services'
import { openSnapshot } from '../src/main/db/database-snapshot'
import { formatReport, importDjangoUsers } from './lib/django-import'
import { readDjangoUsers, SourceError } from './lib/django-source'

const usage = `Usage: npm run import-django -- --from PATH [--data-dir DIR] [--dry-run] [--staff-as-admin]

Imports a Django site's users: PATH is its SQLite database (read only, table auth_user) or the
JSON of "python manage.py dumpdata auth.user". Passwords keep Django's hashes and are replaced
by argon2id at each user's first login. Prints what was imported and what was skipped, and why.
  --dry-run          print the same report, write nothing
  --staff-as-admin   make Django staff (is_staff) administrators, not only superusers`

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      'data-dir': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'staff-as-admin': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true
  })
  if (values.help) {
    console.log(usage)
    return
  }
  if (!values.from) throw new SourceError(`--from PATH is required.\n\n${usage}`)
  const dataDir = resolveDataDir(argv, process.env, defaultDataDir())
  // Read (and checked) in full before the data folder is opened: a bad source changes nothing.
  const source = readDjangoUsers(values.from)
  const { settings, fixed } = readSettings(dataDir)
  const dryRun = values['dry-run'] === true
  const db: Db = dryRun ? openSnapshot(dataDir) : openDatabase(dataDir)
  try {
    const report = importDjangoUsers(cliServices(db, settings, fixed), source, {
      staffAsAdmin: values['staff-as-admin'] === true
    })
    console.log(formatReport(report, { dryRun, dataDir }))
  } finally {
    db.close()
  }
}

main().catch((error: unknown) => {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
