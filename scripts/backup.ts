import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir, resolveDataDir } from '../src/main/app'
import { backupDatabase } from '../src/main/db/backup-file'
import { DATABASE_FILE_NAME, openDatabase } from '../src/main/db/database'

const usage = `Usage: npm run backup -- [--data-dir DIR] --to FILE

Writes a consistent copy of the data folder's database to FILE (readable by its owner only)
with SQLite's online backup, so the app may keep running, and checks the copy.`

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const { values } = parseArgs({
    args: argv,
    options: { to: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true
  })
  if (values.help) return console.log(usage)
  if (!values.to) throw new Error(`--to FILE is required.\n\n${usage}`)
  const dataDir = resolveDataDir(argv, process.env, defaultDataDir())
  // Never a new, empty data folder made by mistake: there must be a database to copy.
  if (!existsSync(resolve(dataDir, DATABASE_FILE_NAME))) {
    throw new Error(`${resolve(dataDir, DATABASE_FILE_NAME)} does not exist: nothing to back up.`)
  }
  const db = openDatabase(dataDir)
  try {
    const to = resolve(values.to)
    const { bytes } = await backupDatabase(db, to)
    console.log(`Backed up ${resolve(dataDir, DATABASE_FILE_NAME)} to ${to} (${bytes} bytes, integrity check ok).`)
  } finally {
    db.close()
  }
}

main().catch((error: unknown) => {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
