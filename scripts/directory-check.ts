import { parseArgs } from 'node:util'
import { defaultDataDir, resolveDataDir } from '../src/main/app'
import { Directory } from '../src/main/core/directory/ldap-client'
import { loadSettings } from '../src/main/core/settings/load-settings'

const usage = `Usage: npm run directory-check -- [--user NAME] [--data-dir DIR]

Tries the "directory" section of settings.json: connects, binds as the service account
(password from the variable that bindPasswordEnv names), finds --user with the user filter,
reads its email and administrator membership, and lists the administrators group.
Reads only; changes nothing in the directory or the data folder.`

/** For an administrator setting up directory sign-in: what works, and where it stops. */
async function main(): Promise<number> {
  const argv = process.argv.slice(2)
  const { values } = parseArgs({
    args: argv,
    options: {
      user: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true
  })
  if (values.help) {
    console.log(usage)
    return 0
  }
  const dataDir = resolveDataDir(argv, process.env, defaultDataDir())
  const settings = loadSettings(dataDir)
  if (!settings.directory) {
    console.error(`Error: no "directory" section in ${dataDir}/settings.json, so there is nothing to check.`)
    return 1
  }
  const config = settings.directory
  console.log(`Directory: ${config.url}${config.startTls ? ' with StartTLS' : ''}`)
  if (config.bindDn && !process.env[config.bindPasswordEnv]) {
    console.log(`Warning: ${config.bindPasswordEnv} is not set; binding as ${config.bindDn} with an empty password.`)
  }
  const steps = await new Directory(config).check(values.user ?? null)
  for (const step of steps) console.log(`${step.ok ? 'ok  ' : 'FAIL'}  ${step.step}: ${step.detail}`)
  const failed = steps.some((step) => !step.ok)
  console.log(failed ? 'The directory configuration does not work yet.' : 'The directory configuration works.')
  return failed ? 1 : 0
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
)
