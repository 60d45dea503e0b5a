import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mainLogFile } from '../../src/main/desktop/log'
import { WINDOW_READY_LINE } from '../../src/main/desktop/window-ready'
import { KIT_SECRET_ENV } from '../../src/main/testing/kit-hook'
import { CHEAP_HASHING } from '../helpers/core'

/**
 * The desktop main process, started as the testers' kit starts it and as a person does, under
 * plain Node with the stand-in `electron` (test/helpers/fake-electron-main.cjs), which reports
 * what the process set up once its first window opens.
 */
const root = resolve(__dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
let appRoot = ''

beforeAll(async () => {
  appRoot = mkdtempSync(join(tmpdir(), 'local-accounts-kit-launch-'))
  symlinkSync(join(root, 'resources'), join(appRoot, 'resources'))
  // The main bundle alone (no renderer needed here), its packages resolved from node_modules.
  symlinkSync(join(root, 'node_modules'), join(appRoot, 'node_modules'))
  await build({
    entryPoints: [join(root, 'src/main/index.ts')],
    outfile: join(appRoot, 'out/main/index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
    external: ['electron', ...Object.keys(pkg.dependencies)]
  })
}, 60_000)

afterAll(() => rmSync(appRoot, { recursive: true, force: true }))

function start(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(appRoot, 'data-'))
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ passwordHashing: CHEAP_HASHING }))
  const run = spawnSync(
    process.execPath,
    [
      '-r',
      join(root, 'test/helpers/fake-electron-main.cjs'),
      join(appRoot, 'out/main/index.js'),
      '--data-dir',
      dataDir
    ],
    { cwd: appRoot, encoding: 'utf8', env: { ...process.env, ELECTRON_RENDERER_URL: '', ...env }, timeout: 60_000 }
  )
  expect(run.status, run.stderr).toBe(0)
  const lines = run.stdout.trim().split('\n')
  const report = JSON.parse(lines.at(-1) ?? '{}') as { kitHook: string; kitSecretInEnv: boolean }
  return { report, lines, log: readFileSync(mainLogFile(dataDir), 'utf8') }
}

const secret = 'k'.repeat(43)

describe('the desktop app and the testers’ kit', () => {
  it('started by the kit (its secret, not packaged): the kit hook is there and the secret is gone from the environment', () => {
    const { report, lines } = start({ [KIT_SECRET_ENV]: secret })
    expect(report).toMatchObject({ kitHook: 'function', kitSecretInEnv: false })
    // And it says when its window is ready, which is what the kit waits for.
    expect(lines).toContain(`${WINDOW_READY_LINE} (app)`)
  })

  it('packaged, it refuses the kit even with the secret, and says so in its log', () => {
    const { report, log } = start({ [KIT_SECRET_ENV]: secret, FAKE_ELECTRON_PACKAGED: '1' })
    expect(report).toMatchObject({ kitHook: 'undefined', kitSecretInEnv: false })
    expect(log).toMatch(/LOCAL_ACCOUNTS_KIT_SECRET refused: a packaged app never takes the testers' kit/)
  })

  it('started normally, there is no kit hook and so nothing can move its clock', () => {
    const { report, log } = start({})
    expect(report).toMatchObject({ kitHook: 'undefined', kitSecretInEnv: false })
    expect(log).not.toMatch(/KIT_SECRET/)
  })
})
