import { closeSync, openSync, writeSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir, resolveDataDir } from '../src/main/app'
import { AUDIT_CSV_HEADER, auditCsvRecord, exportedEvent } from '../src/main/core/audit/audit-export'
import { AuditEventRepository } from '../src/main/db/audit-events-repository'
import { UserRepository } from '../src/main/db/users-repository'
import { AuditLog } from '../src/main/core/audit/audit-log'
import { systemClock } from '../src/main/core/support/clock'
import { openDatabase } from '../src/main/db/database'

const usage = `Usage: npm run audit -- export [--since YYYY-MM-DD] [--format csv|jsonl] [--out FILE] [--data-dir DIR]

Writes the audit trail, oldest first (from the start of --since, on this computer's calendar),
as CSV (the default) or one JSON object per line, to FILE (readable by its owner only) or the
terminal. Times are UTC, to the second.`

function main(): void {
  const argv = process.argv.slice(2)
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      since: { type: 'string', default: '' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    allowPositionals: true,
    strict: true
  })
  if (values.help) return console.log(usage)
  if (positionals.join(' ') !== 'export') throw new Error(`Say export.\n\n${usage}`)
  if (values.format !== 'csv' && values.format !== 'jsonl') throw new Error(`--format is csv or jsonl.\n\n${usage}`)
  const dataDir = resolveDataDir(argv, process.env, defaultDataDir())
  const db = openDatabase(dataDir)
  const fd = values.out ? openSync(resolve(values.out), 'w', 0o600) : null
  const write = (text: string): void => void (fd === null ? process.stdout.write(text) : writeSync(fd, text))
  try {
    const audit = new AuditLog(new AuditEventRepository(db), new UserRepository(db), systemClock)
    if (values.format === 'csv') write(AUDIT_CSV_HEADER)
    let count = 0
    // One statement read as it goes (one snapshot): a million events are never all in memory.
    for (const event of audit.matching({ user: '', kind: '', from: values.since })) {
      write(values.format === 'csv' ? auditCsvRecord(event) : `${JSON.stringify(exportedEvent(event))}\n`)
      count++
    }
    audit.record({
      kind: 'audit_export',
      outcome: 'success',
      detail: `${count} events as ${values.format} from the terminal`
    })
    if (values.out) console.error(`Exported ${count} audit events to ${resolve(values.out)}.`)
  } finally {
    if (fd !== null) closeSync(fd)
    db.close()
  }
}

try {
  main()
} catch (error: unknown) {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
