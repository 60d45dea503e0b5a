import { closeSync, openSync, readFileSync, writeSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir, resolveDataDir } from '../src/main/app'
import { ACCOUNT_COLUMNS, AccountExport } from '../src/main/core/admin/account-export'
import { formatImportReport, importAccountsCsv } from '../src/main/core/admin/account-import'
import { csvRecord } from '../src/main/core/admin/csv'
import { readSettings } from '../src/main/core/settings/load-settings'
import { openDatabase, type Db } from '../src/main/db/database'
import { cliServices } from './lib/cli-services'
import { openSnapshot } from '../src/main/db/database-snapshot'

const usage = `Usage:
  npm run accounts -- export --format csv|json [--out FILE] [--search TEXT] [--data-dir DIR]
  npm run accounts -- import --from FILE.csv [--dry-run] [--data-dir DIR]

export: every account (or those matching --search, as in the Accounts console), sorted by
  username, to FILE (readable by its owner only) or the terminal.
import: rows "username,email[,is_admin,is_active]" (a header row optional; UTF-8, with or
  without a byte-order mark) become accounts with no password, which get in by a reset code.
  Prints every row, imported or skipped and why; one transaction. --dry-run writes nothing.`

const options = {
  format: { type: 'string' },
  out: { type: 'string' },
  search: { type: 'string', default: '' },
  from: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false }
} as const

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values']

/** Writes to FILE (created 0600: it lists every address) or the terminal, as it goes. */
function output(file: string | undefined): { write(text: string): void; close(): void } {
  if (!file) return { write: (text) => process.stdout.write(text), close: () => {} }
  const fd = openSync(resolve(file), 'w', 0o600)
  return { write: (text) => void writeSync(fd, text), close: () => closeSync(fd) }
}

function exportAccounts(values: Values, dataDir: string): void {
  if (values.format !== 'csv' && values.format !== 'json')
    throw new Error(`--format csv or json is required.\n\n${usage}`)
  const { settings, fixed } = readSettings(dataDir)
  const db = openDatabase(dataDir)
  const out = output(values.out)
  try {
    const services = cliServices(db, settings, fixed)
    const rows = new AccountExport(services.admin).all({ search: values.search, sort: 'username', direction: 'asc' })
    let count = 0
    if (values.format === 'csv') out.write(csvRecord(ACCOUNT_COLUMNS))
    else out.write('[')
    for (const row of rows) {
      if (values.format === 'csv') out.write(csvRecord(ACCOUNT_COLUMNS.map((column) => row[column])))
      else out.write(`${count === 0 ? '\n' : ',\n'}  ${JSON.stringify(row)}`)
      count++
    }
    if (values.format === 'json') out.write(count === 0 ? ']\n' : '\n]\n')
    services.audit.record({
      kind: 'accounts_export',
      outcome: 'success',
      detail: `${count} accounts as ${values.format} from the terminal`
    })
    if (values.out) console.error(`Exported ${count} accounts to ${resolve(values.out)}.`)
  } finally {
    out.close()
    db.close()
  }
}

function importAccounts(values: Values, dataDir: string): void {
  if (!values.from) throw new Error(`--from FILE.csv is required.\n\n${usage}`)
  const source = resolve(values.from)
  // Read in full before the data folder is opened: an unreadable file changes nothing.
  const text = readFileSync(source, 'utf8')
  const { settings, fixed } = readSettings(dataDir)
  const dryRun = values['dry-run']
  const db: Db = dryRun ? openSnapshot(dataDir) : openDatabase(dataDir)
  try {
    const services = cliServices(db, settings, fixed)
    const report = importAccountsCsv(services, text, source)
    console.log(formatImportReport(report, { dryRun, dataDir }))
  } finally {
    db.close()
  }
}

function main(): void {
  const argv = process.argv.slice(2)
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  if (values.help) return console.log(usage)
  const dataDir = resolveDataDir(argv, process.env, defaultDataDir())
  if (positionals[0] === 'export' && positionals.length === 1) return exportAccounts(values, dataDir)
  if (positionals[0] === 'import' && positionals.length === 1) return importAccounts(values, dataDir)
  throw new Error(`Say export or import.\n\n${usage}`)
}

try {
  main()
} catch (error: unknown) {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
