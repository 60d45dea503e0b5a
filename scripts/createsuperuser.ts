import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { defaultDataDir, resolveDataDir } from '../src/main/app'
import { AppError } from '../src/main/core/support/errors'
import type { Services } from '../src/main/core/services'
import { readSettings } from '../src/main/core/settings/load-settings'
import { openDatabase } from '../src/main/db/database'
import { normalizeEmail, normalizeUsername } from '../src/main/core/accounts/identity'
import type { FieldError } from '../src/shared/result'
import { cliServices } from './lib/cli-services'
import { InputEnded, Prompter } from './lib/prompt'

const PASSWORD_VARIABLE = 'LOCAL_ACCOUNTS_PASSWORD'

const usage = `Usage: npm run createsuperuser -- [--username U] [--email E] [--no-input] [--data-dir DIR]

Creates an administrator. Asks for what is missing, the password twice without echo.
With --no-input nothing is asked: --username and --email are required and the password
comes from the ${PASSWORD_VARIABLE} environment variable.`

/** A failure the user can fix: printed as "Error: …" and the exit status is 1. */
class CommandError extends Error {}

interface Answers {
  username: string
  email: string
  password: string
}

type Check = (value: string) => FieldError[]

const fieldLabels: Record<string, string> = {
  username: 'Username',
  email: 'Email address',
  password: 'Password',
  passwordConfirmation: 'Password (again)'
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const { values } = parseArgs({
    args: argv,
    options: {
      username: { type: 'string' },
      email: { type: 'string' },
      'no-input': { type: 'boolean', default: false },
      noinput: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true
  })
  if (values.help) {
    console.log(usage)
    return
  }
  const dataDir = resolveDataDir(argv, process.env, defaultDataDir())
  const { settings, fixed } = readSettings(dataDir)
  const db = openDatabase(dataDir)
  const services = cliServices(db, settings, fixed)
  try {
    const answers =
      values['no-input'] || values.noinput
        ? fromArguments(values.username, values.email, process.env[PASSWORD_VARIABLE])
        : await fromPrompts(services, values.username, values.email)
    await create(services, answers)
    console.log(
      `Superuser created successfully: ${normalizeUsername(answers.username)} can now log in as an administrator.`
    )
    console.log(`Data: ${dataDir}`)
  } finally {
    db.close()
  }
}

function fromArguments(username: string | undefined, email: string | undefined, password: string | undefined): Answers {
  const missing = [
    username === undefined ? '--username' : null,
    email === undefined ? '--email' : null,
    password === undefined || password === '' ? `the ${PASSWORD_VARIABLE} environment variable` : null
  ].filter((item): item is string => item !== null)
  if (missing.length > 0) {
    const list = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}` : missing[0]
    throw new CommandError(`With --no-input, ${list} ${missing.length > 1 ? 'are' : 'is'} required.`)
  }
  return { username: username as string, email: email as string, password: password as string }
}

async function fromPrompts(services: Services, givenUsername?: string, givenEmail?: string): Promise<Answers> {
  const prompter = new Prompter()
  const fallback = defaultUsername(services)
  const usernameQuestion = fallback ? `Username (leave blank to use '${fallback}'): ` : 'Username: '
  try {
    const username = await askUntilValid(prompter, usernameQuestion, givenUsername, fallback, (value) =>
      services.newAccounts.usernameProblems(normalizeUsername(value))
    )
    const email = await askUntilValid(prompter, 'Email address: ', givenEmail, '', (value) =>
      services.newAccounts.emailProblems(normalizeEmail(value))
    )
    return { username, email, password: await askPassword(services, prompter, username, email) }
  } catch (error) {
    if (error instanceof InputEnded) {
      throw new CommandError(
        `The input ended before every answer was given. To run without prompts use --no-input with ${PASSWORD_VARIABLE}.`
      )
    }
    throw error
  } finally {
    prompter.close()
  }
}

/** A value given as an argument is checked like a typed one; a bad one is asked for again. */
async function askUntilValid(
  prompter: Prompter,
  question: string,
  given: string | undefined,
  fallback: string,
  check: Check
): Promise<string> {
  let value = given
  for (;;) {
    if (value !== undefined) {
      const problems = check(value)
      if (problems.length === 0) return value
      printProblems(problems)
    }
    const typed = await prompter.ask(question)
    value = typed === '' && fallback ? fallback : typed
  }
}

/** Twice, without echo, until both agree and every validator is content. */
async function askPassword(services: Services, prompter: Prompter, username: string, email: string): Promise<string> {
  for (;;) {
    const password = await prompter.ask('Password: ', { hidden: true })
    const again = await prompter.ask('Password (again): ', { hidden: true })
    const problems: FieldError[] =
      password !== again
        ? [{ code: 'password_mismatch', message: 'Your passwords didn’t match.' }]
        : password === ''
          ? [{ code: 'password_required', message: 'Blank passwords aren’t allowed.' }]
          : services.policy.errors(password, {
              username: normalizeUsername(username),
              email: normalizeEmail(email)
            })
    if (problems.length === 0) return password
    printProblems(problems)
  }
}

/** As Django, offers the login name of whoever runs the command when it would be a valid, free username. */
function defaultUsername(services: Services): string {
  let name: string
  try {
    name = normalizeUsername(userInfo().username)
  } catch {
    return ''
  }
  return services.newAccounts.usernameProblems(name).length === 0 ? name : ''
}

async function create(services: Services, answers: Answers): Promise<void> {
  try {
    await services.newAccounts.createSuperuser({ ...answers, passwordConfirmation: answers.password })
  } catch (error) {
    if (error instanceof AppError && error.fields) {
      const lines = Object.entries(error.fields).flatMap(([field, problems]) =>
        problems.map((problem) => `${fieldLabels[field] ?? field}: ${problem.message}`)
      )
      throw new CommandError(lines.join('\nError: '))
    }
    throw error
  }
}

function printProblems(problems: FieldError[]): void {
  for (const problem of problems) console.error(`Error: ${problem.message}`)
}

main().catch((error: unknown) => {
  if (error instanceof CommandError) {
    console.error(`Error: ${error.message}`)
  } else if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`Error: ${error.message}\n\n${usage}`)
  } else {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`)
  }
  process.exitCode = 1
})
