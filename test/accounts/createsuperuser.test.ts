import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { call, dataOf } from '../helpers/accounts'
import { appWindow, CHEAP_HASHING, openTestCore, signUpInput, type TestCore } from '../helpers/core'

const ROOT = resolve(__dirname, '../..')
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs')
const SCRIPT = 'scripts/createsuperuser.ts'
const PASSWORD = 'copper-Lantern-47-gently'
/** Each run is a real `tsx` process (about a second of CPU); a busy machine needs the room. */
const CLI_TEST = { timeout: 120_000 }

let dataDir: string
const opened: TestCore[] = []

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-cli-'))
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ passwordHashing: CHEAP_HASHING }))
})

afterEach(() => {
  for (const core of opened.splice(0)) core.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/** The app's core on the same folder, as if the app were running. */
function runningApp(): TestCore {
  const core = openTestCore(dataDir)
  opened.push(core)
  return core
}

interface Outcome {
  status: number | null
  stdout: string
  stderr: string
}

function cliEnv(password?: string): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.LOCAL_ACCOUNTS_PASSWORD
  delete env.LOCAL_ACCOUNTS_DATA_DIR
  if (password !== undefined) env.LOCAL_ACCOUNTS_PASSWORD = password
  return env
}

function start(args: string[], password?: string): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [TSX, SCRIPT, ...args, '--data-dir', dataDir], { cwd: ROOT, env: cliEnv(password) })
}

function finish(child: ChildProcessWithoutNullStreams): Promise<Outcome> {
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })))
}

const runNoInput = (args: string[], password?: string): Promise<Outcome> =>
  finish(start(['--no-input', ...args], password))

/**
 * A person at the prompts, over a pipe: waits for each question before answering, so the test
 * sees the questions in order and what was printed between them.
 */
class Conversation {
  private readonly child: ChildProcessWithoutNullStreams
  private readonly outcome: Promise<Outcome>
  private stdout = ''
  private stderr = ''
  private readPosition = 0

  constructor(args: string[] = []) {
    this.child = start(args)
    this.child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()))
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()))
    this.outcome = new Promise((done) =>
      this.child.on('close', (status) => done({ status, stdout: this.stdout, stderr: this.stderr }))
    )
  }

  /** Waits until `question` is asked (after the previous one) and types `answer`. */
  async answer(question: string, answer: string): Promise<void> {
    const deadline = Date.now() + 60_000
    for (;;) {
      const at = this.stdout.indexOf(question, this.readPosition)
      if (at >= 0) {
        this.readPosition = at + question.length
        break
      }
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`never asked "${question}"; stdout: ${this.stdout}; stderr: ${this.stderr}`)
      }
      await new Promise((wait) => setTimeout(wait, 20))
    }
    this.child.stdin.write(`${answer}\n`)
  }

  end(): Promise<Outcome> {
    this.child.stdin.end()
    return this.outcome
  }

  get errors(): string {
    return this.stderr
  }
}

async function expectAdminCanLogIn(username: string, password = PASSWORD): Promise<void> {
  const core = runningApp()
  const session = dataOf(await call(core, appWindow('check'), 'logIn', { identifier: username, password }))
  expect(session.user).toMatchObject({ username, isAdmin: true, mustChangePassword: false })
}

function userCount(): number {
  const core = runningApp()
  return core.services.users.count()
}

describe('createsuperuser --no-input', CLI_TEST, () => {
  it('creates an active administrator from the arguments and LOCAL_ACCOUNTS_PASSWORD', async () => {
    const outcome = await runNoInput(['--username', 'admin', '--email', 'admin@example.com'], PASSWORD)
    expect(outcome.stderr).toBe('')
    expect(outcome.status).toBe(0)
    expect(outcome.stdout).toContain('Superuser created successfully')
    expect(outcome.stdout).not.toContain(PASSWORD)
    await expectAdminCanLogIn('admin')
    const core = runningApp()
    expect(core.services.audit.list({ user: 'admin', kind: 'createsuperuser', offset: 0, limit: 5 }).total).toBe(1)
    // The first-run screen is gone for good.
    expect(dataOf(await call(core, appWindow('fresh'), 'getSession', {})).firstRun).toBe(false)
  })

  it('refuses a taken username, a bad email, a weak password and missing input, with exit status 1', async () => {
    const first = await runNoInput(['--username', 'admin', '--email', 'admin@example.com'], PASSWORD)
    expect(first.status).toBe(0)
    const cases: [string[], string | undefined, RegExp][] = [
      [
        ['--username', 'ADMIN', '--email', 'other@example.com'],
        PASSWORD,
        /Username: A user with that username already exists/
      ],
      [
        ['--username', 'other', '--email', 'ADMIN@example.com'],
        PASSWORD,
        /Email address: A user with that email address already exists/
      ],
      [['--username', 'other', '--email', 'not-an-email'], PASSWORD, /Email address: Enter a valid email address/],
      [
        ['--username', 'other', '--email', 'other@example.com'],
        '12345678',
        /Password: This password is too common[\s\S]*entirely numeric/
      ],
      [
        ['--username', 'other', '--email', 'other@example.com'],
        undefined,
        /LOCAL_ACCOUNTS_PASSWORD environment variable is required/
      ],
      [[], undefined, /--username, --email and the LOCAL_ACCOUNTS_PASSWORD environment variable are required/],
      [['--username', 'other', '--email', 'other@example.com', '--colour'], PASSWORD, /Unknown option '--colour'/]
    ]
    const outcomes = await Promise.all(cases.map(([args, password]) => runNoInput(args, password)))
    outcomes.forEach((outcome, i) => {
      const [args, , message] = cases[i]
      expect({ args, status: outcome.status }).toEqual({ args, status: 1 })
      expect(outcome.stderr).toMatch(/^Error: /)
      expect(outcome.stderr).toMatch(message)
      expect(outcome.stdout).not.toContain('created')
    })
    expect(userCount()).toBe(1)
  })
})

describe('createsuperuser, interactive', CLI_TEST, () => {
  it('asks for each field, reports validator errors and lets the user try again', async () => {
    const cli = new Conversation()
    await cli.answer('Username', 'bad name!')
    await cli.answer('Username', 'Root.Admin')
    await cli.answer('Email address: ', 'nope')
    await cli.answer('Email address: ', 'root@example.com')
    await cli.answer('Password: ', '1234')
    await cli.answer('Password (again): ', '1234')
    await cli.answer('Password: ', PASSWORD)
    await cli.answer('Password (again): ', `${PASSWORD}-typo`)
    await cli.answer('Password: ', PASSWORD)
    await cli.answer('Password (again): ', PASSWORD)
    const outcome = await cli.end()
    expect(outcome.status).toBe(0)
    expect(outcome.stderr).toMatch(/Enter a valid username/)
    expect(outcome.stderr).toMatch(/Enter a valid email address/)
    expect(outcome.stderr).toMatch(/too short[\s\S]*entirely numeric/)
    expect(outcome.stderr).toMatch(/Your passwords didn’t match/)
    expect(outcome.stdout).toContain('Superuser created successfully: Root.Admin')
    expect(outcome.stdout + outcome.stderr).not.toContain(PASSWORD)
    await expectAdminCanLogIn('Root.Admin')
  })

  it('takes --username and --email from the arguments and asks only for the password', async () => {
    const cli = new Conversation(['--username', 'carol', '--email', 'carol@example.com'])
    await cli.answer('Password: ', PASSWORD)
    await cli.answer('Password (again): ', PASSWORD)
    const outcome = await cli.end()
    expect(outcome.status).toBe(0)
    expect(outcome.stdout).not.toContain('Username')
    await expectAdminCanLogIn('carol')
  })

  it('stops with exit status 1 and a clear message when the input ends early, creating nobody', async () => {
    const cli = new Conversation()
    await cli.answer('Username', 'dave')
    await cli.answer('Email address: ', 'dave@example.com')
    const outcome = await cli.end()
    expect(outcome.status).toBe(1)
    expect(outcome.stderr).toMatch(/input ended before every answer was given/)
    expect(userCount()).toBe(0)
  })

  it('asks again for a username that was taken meanwhile', async () => {
    const app = runningApp()
    dataOf(await call(app, appWindow('w'), 'createFirstAdmin', signUpInput('erin')))
    const cli = new Conversation()
    await cli.answer('Username', 'ERIN')
    await cli.answer('Username', 'frank')
    await cli.answer('Email address: ', 'frank@example.com')
    await cli.answer('Password: ', PASSWORD)
    await cli.answer('Password (again): ', PASSWORD)
    const outcome = await cli.end()
    expect(cli.errors).toMatch(/A user with that username already exists/)
    expect(outcome.status).toBe(0)
    await expectAdminCanLogIn('frank')
  })
})

const hasScriptCommand = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0
if (!hasScriptCommand) {
  console.warn(
    'createsuperuser terminal test skipped: the `script` command (util-linux) is not installed, so no pseudo-terminal'
  )
}

describe('createsuperuser on a terminal', CLI_TEST, () => {
  it.skipIf(!hasScriptCommand)('does not echo the password', async () => {
    const command = [process.execPath, TSX, SCRIPT, '--data-dir', dataDir].map((part) => `'${part}'`).join(' ')
    // `script` gives the command a pseudo-terminal; its output is everything the terminal shows.
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: cliEnv() })
    const outcome = finish(child)
    let shown = ''
    child.stdout.on('data', (chunk: Buffer) => (shown += chunk.toString()))
    const typeAfter = async (question: string, answer: string): Promise<void> => {
      const deadline = Date.now() + 60_000
      while (!shown.includes(question)) {
        if (Date.now() > deadline) throw new Error(`never asked "${question}": ${shown}`)
        await new Promise((wait) => setTimeout(wait, 20))
      }
      shown = shown.slice(shown.indexOf(question) + question.length)
      child.stdin.write(`${answer}\r`)
    }
    await typeAfter('Username', 'gina')
    await typeAfter('Email address: ', 'gina@example.com')
    await typeAfter('Password: ', PASSWORD)
    await typeAfter('Password (again): ', PASSWORD)
    const { status, stdout } = await outcome
    expect(status).toBe(0)
    expect(stdout).toContain('gina@example.com')
    expect(stdout).not.toContain(PASSWORD)
    await expectAdminCanLogIn('gina')
  })
})

describe('createsuperuser while the app is running', CLI_TEST, () => {
  it('creates the administrator in the same folder, and the running app sees it at once', async () => {
    const app = runningApp()
    dataOf(await call(app, appWindow('w'), 'createFirstAdmin', signUpInput('admin')))
    dataOf(await call(app, appWindow('w2'), 'signUp', signUpInput('alice')))
    // A reader in the middle of a transaction does not stop the command (WAL).
    app.services.db.exec('BEGIN')
    app.services.db.prepare('SELECT count(*) FROM users').get()
    const outcome = await runNoInput(['--username', 'helen', '--email', 'helen@example.com'], PASSWORD)
    app.services.db.exec('COMMIT')
    expect(outcome.stderr).toBe('')
    expect(outcome.status).toBe(0)
    const session = dataOf(await call(app, appWindow('w3'), 'logIn', { identifier: 'helen', password: PASSWORD }))
    expect(session.user).toMatchObject({ username: 'helen', isAdmin: true })
    expect(dataOf(await call(app, appWindow('w2'), 'getSession', {})).user?.username).toBe('alice')
  })
})
