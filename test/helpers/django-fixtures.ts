import { spawn, spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import type { DjangoSource, DjangoUser } from '../../scripts/lib/django-source'

/**
 * The Django fixtures: written by Django 3.2 itself (test/fixtures/django/make-fixtures.py, which
 * lists the same passwords and checks each with Django's check_password before writing).
 */
const ROOT = resolve(__dirname, '../..')
const FIXTURES = join(ROOT, 'test/fixtures/django')
export const DJANGO_SQLITE = join(FIXTURES, 'django.sqlite3')
export const DJANGO_DUMPDATA = join(FIXTURES, 'users.json')

/** Django users imported here, with the password Django hashed for them. */
export const IMPORTED_WITH_PASSWORD = {
  admin: 'Django-Admin-Secret-1',
  alice: 'alice-Wonder-2024',
  bob_sha1: 'bob-Sha1-Legacy-77',
  carol_argon: 'carol-Argon-Fine-31',
  dave_bcrypt: 'dave-Bcrypt-Sha256-9',
  erin_bcrypt: 'erin-Plain-Bcrypt-5',
  frank_old: 'frank-Old-Iterations-3',
  heidi_inactive: 'heidi-Inactive-42',
  ivan_staff: 'ivan-Staff-Only-8'
} as const

export type ImportedName = keyof typeof IMPORTED_WITH_PASSWORD

/** Which Django hasher made each kept hash (frank_old: Django 1.11's 36,000 iterations). */
export const HASH_ALGORITHM: Record<ImportedName, string> = {
  admin: 'pbkdf2_sha256',
  alice: 'pbkdf2_sha256',
  bob_sha1: 'pbkdf2_sha1',
  carol_argon: 'argon2',
  dave_bcrypt: 'bcrypt_sha256',
  erin_bcrypt: 'bcrypt',
  frank_old: 'pbkdf2_sha256',
  heidi_inactive: 'pbkdf2_sha256',
  ivan_staff: 'pbkdf2_sha256'
}

/** Active accounts with a password: each must log in with it (heidi is inactive in Django). */
export const CAN_LOG_IN = (Object.keys(IMPORTED_WITH_PASSWORD) as ImportedName[]).filter(
  (name) => name !== 'heidi_inactive'
)

/** set_unusable_password() in Django: imported, no password. */
export const UNUSABLE = { username: 'grace_unusable', email: 'grace@example.com' }

/** Skipped by the import, each for its own reason (order as in the Django database). */
export const SKIPPED: Record<string, RegExp> = {
  'judy smith': /username breaks this app's rules/,
  Alice: /username taken here \(names are compared ignoring case/,
  mallory_noemail: /blank email address/,
  trent: /email address already used by another account here/
}

export const DJANGO_USER_COUNT = 14

export interface CliOutcome {
  status: number | null
  stdout: string
  stderr: string
}

const command = (args: string[]): string[] => [
  join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
  'scripts/import-django.ts',
  ...args
]

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.LOCAL_ACCOUNTS_DATA_DIR
  return env
}

/** `npm run import-django -- ARGS` as a real process (tsx), the way an administrator runs it. */
export function runImport(args: string[]): CliOutcome {
  const result = spawnSync(process.execPath, command(args), { cwd: ROOT, env: childEnv(), encoding: 'utf8' })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** The same, without waiting: for several imports at once. */
export function startImport(args: string[]): Promise<CliOutcome> {
  const child = spawn(process.execPath, command(args), { cwd: ROOT, env: childEnv() })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })))
}

/** A Django auth_user record as an import reads it: an ordinary active user, joined in 2020. */
export function djangoUser(username: string, password: string, extra: Partial<DjangoUser> = {}): DjangoUser {
  return {
    username,
    email: `${username.replace(/[^a-z0-9]/gi, '')}@example.com`,
    password,
    firstName: '',
    lastName: '',
    isActive: true,
    isStaff: false,
    isSuperuser: false,
    dateJoined: Date.UTC(2020, 0, 1),
    lastLogin: null,
    ...extra
  }
}

/** An import source holding just `users`, as a dumpdata file named `description` would. */
export const djangoSource = (users: DjangoUser[], description = 'crafted.json (dumpdata)'): DjangoSource => ({
  description,
  users,
  otherRecords: 0
})
