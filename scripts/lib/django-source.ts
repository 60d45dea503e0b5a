import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { basename } from 'node:path'
import { z } from 'zod'
import { readAuthUsers } from '../../src/main/db/django-auth-users'

/** One row of Django's `auth_user`, as either source gives it. */
export interface DjangoUser {
  username: string
  email: string
  /** Django's encoded password: `algorithm$…`, or `!…` for an unusable one. */
  password: string
  firstName: string
  lastName: string
  isActive: boolean
  isStaff: boolean
  isSuperuser: boolean
  /** Milliseconds since the epoch, or null where Django's value could not be read. */
  dateJoined: number | null
  lastLogin: number | null
}

export interface DjangoSource {
  /** For the report and the audit event: the file's name and its kind. */
  description: string
  users: DjangoUser[]
  /** dumpdata records of other models, which this import leaves alone (and says so). */
  otherRecords: number
}

/** A failure of the source as a whole (not one user): the import stops before writing anything. */
export class SourceError extends Error {}

const SQLITE_MAGIC = 'SQLite format 3\0'

/**
 * Reads Django's users from `path`: a Django SQLite database (opened read-only; the `auth_user`
 * table) or the JSON of `manage.py dumpdata auth.user`, told apart by the file's first bytes.
 */
export function readDjangoUsers(path: string): DjangoSource {
  const head = Buffer.alloc(SQLITE_MAGIC.length)
  try {
    const file = openSync(path, 'r')
    try {
      readSync(file, head, 0, head.length, 0)
    } finally {
      closeSync(file)
    }
  } catch (error) {
    throw new SourceError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`)
  }
  return head.toString('latin1') === SQLITE_MAGIC ? fromSqlite(path) : fromDumpdata(path)
}

const flag = z.union([z.boolean(), z.literal(0), z.literal(1)]).transform((value) => value === true || value === 1)
const text = z
  .string()
  .nullable()
  .transform((value) => value ?? '')
const time = z.string().nullable()

const userFields = z.object({
  username: z.string(),
  email: text,
  password: text,
  first_name: text.optional().default(''),
  last_name: text.optional().default(''),
  is_active: flag,
  is_staff: flag,
  is_superuser: flag,
  date_joined: time,
  last_login: time.optional().default(null)
})

type UserFields = z.infer<typeof userFields>

const toUser = (fields: UserFields): DjangoUser => ({
  username: fields.username,
  email: fields.email,
  password: fields.password,
  firstName: fields.first_name,
  lastName: fields.last_name,
  isActive: fields.is_active,
  isStaff: fields.is_staff,
  isSuperuser: fields.is_superuser,
  dateJoined: parseDjangoTime(fields.date_joined),
  lastLogin: parseDjangoTime(fields.last_login)
})

function fromSqlite(path: string): DjangoSource {
  const table = readAuthUsers(path)
  if (!table.found) {
    throw new SourceError(
      `${path} has no auth_user table. Is it the database of a Django project that uses django.contrib.auth's User?`
    )
  }
  return {
    description: `${basename(path)} (Django SQLite database)`,
    users: table.rows.map((row, i) => parseRow(row, `auth_user row ${i + 1}`)),
    otherRecords: 0
  }
}

const dumpRecord = z.object({ model: z.string(), fields: z.record(z.string(), z.unknown()) })

function fromDumpdata(path: string): DjangoSource {
  let records: unknown
  try {
    records = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new SourceError(
      `${path} is neither a SQLite database nor JSON (${error instanceof Error ? error.message : String(error)}).`
    )
  }
  const list = z.array(dumpRecord).safeParse(records)
  if (!list.success) {
    throw new SourceError(`${path} is not the output of manage.py dumpdata (a JSON list of {model, fields} records).`)
  }
  const users = list.data.filter((record) => record.model === 'auth.user')
  if (users.length === 0 && list.data.length > 0) {
    throw new SourceError(
      `${path} holds no auth.user records. Write it with: python manage.py dumpdata auth.user --output users.json`
    )
  }
  return {
    description: `${basename(path)} (Django dumpdata JSON)`,
    users: users.map((record, i) => parseRow(record.fields, `auth.user record ${i + 1}`)),
    otherRecords: list.data.length - users.length
  }
}

function parseRow(row: unknown, where: string): DjangoUser {
  const parsed = userFields.safeParse(row)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new SourceError(`${where}: ${issue.path.join('.') || 'record'}: ${issue.message}`)
  }
  return toUser(parsed.data)
}

const djangoTime = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?(Z|[+-]\d\d:?\d\d)?$/

/**
 * Django's datetimes: `2019-03-01 09:30:15.123456` in SQLite, `2019-03-01T09:30:15.123Z` in
 * dumpdata. Without a zone (a site with USE_TZ = False) the time is taken as UTC.
 */
export function parseDjangoTime(value: string | null): number | null {
  if (value === null) return null
  const match = djangoTime.exec(value.trim())
  if (!match) return null
  const [, year, month, day, hour, minute, second = '0', fraction = '0', zone = 'Z'] = match
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3))
  const utc = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    milliseconds
  )
  if (Number.isNaN(utc)) return null
  if (zone === 'Z') return utc
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
}
