import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync, utimesSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAppCore } from '../../src/main/app'
import { ADMIN, prepareDataFolder, resourcesDir } from '../../src/testing/data-folder'
import { APP_OUTPUTS, buildNeeded } from '../../src/testing/app-build'
import { fuseRefusal } from '../../src/testing/electron-binary'
import { CHEAP_HASHING } from '../helpers/core'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})
const track = (dir: string): string => {
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}
const settings = { passwordHashing: CHEAP_HASHING }

function openCore(dataDir: string) {
  const core = createAppCore({ dataDir, resourcesDir, printMail: () => undefined })
  cleanups.unshift(() => core.close())
  return core
}

describe('a data folder for one test', () => {
  it('starts with ADMIN, who signs in as an administrator, and with the settings given', async () => {
    const dataDir = track(await prepareDataFolder({ seed: 'admin', settings, env: {} }))
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toEqual(settings)
    const core = openCore(dataDir)
    const outcome = await core.services.signIn.logIn(ADMIN.email, ADMIN.password, { id: 'w1', replacing: null })
    expect(outcome).toMatchObject({ status: 'signed-in', user: { username: ADMIN.username, isAdmin: true } })
    expect(core.services.users.count()).toBe(1)
  })

  it('is empty with seed "empty" (the First run screen), settings made when the test starts', async () => {
    let built = 0
    const dataDir = track(
      await prepareDataFolder({ seed: 'empty', settings: { build: () => (built++, settings) }, env: {} })
    )
    expect(built).toBe(1)
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toEqual(settings)
    expect(openCore(dataDir).services.accounts.isFirstRun()).toBe(true)
  })

  it('is a new folder every time: nothing of one test reaches the next', async () => {
    const first = track(await prepareDataFolder({ seed: 'empty', settings, env: {} }))
    const core = openCore(first)
    await core.services.accounts.createAccount(
      {
        username: 'bob',
        email: 'bob@example.com',
        password: 'Lantern-orchard-58',
        passwordConfirmation: 'Lantern-orchard-58'
      },
      { isAdmin: false }
    )
    const second = track(await prepareDataFolder({ seed: 'empty', settings, env: {} }))
    expect(second).not.toBe(first)
    expect(openCore(second).services.users.count()).toBe(0)
  })
})

describe('building the app first', () => {
  function fakePackage(): string {
    const root = track(mkdtempSync(join(tmpdir(), 'local-accounts-pkg-')))
    mkdirSync(join(root, 'src/main'), { recursive: true })
    writeFileSync(join(root, 'src/main/index.ts'), '')
    utimesSync(join(root, 'src/main/index.ts'), new Date(1_000_000), new Date(1_000_000))
    return root
  }

  it('is needed while out/ is missing or older than the sources, and not once it is newer', () => {
    const root = fakePackage()
    expect(buildNeeded(root)).toMatch(/out\/main\/index\.js is missing/)
    for (const file of APP_OUTPUTS) {
      mkdirSync(join(root, file, '..'), { recursive: true })
      writeFileSync(join(root, file), '')
    }
    expect(buildNeeded(root)).toBeNull()
    writeFileSync(join(root, 'src/main/index.ts'), 'changed')
    utimesSync(join(root, 'src/main/index.ts'), new Date(), new Date(Date.now() + 60_000))
    expect(buildNeeded(root)).toBe('the sources are newer than out/')
    // An installed package carries out/ and no sources: its build is all there is.
    rmSync(join(root, 'src'), { recursive: true })
    expect(buildNeeded(root)).toBeNull()
  })
})

describe('a packaged build’s fuses', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
  /** A stand-in executable: filler, then the fuse wire (version 1, then the fuses as '0'/'1'). */
  function executable(fuses: string, filler = 3 << 20): string {
    const file = join(track(mkdtempSync(join(tmpdir(), 'local-accounts-fuses-'))), 'electron')
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.alloc(filler, 7),
        Buffer.from(SENTINEL),
        Buffer.from([1, fuses.length]),
        Buffer.from(fuses)
      ])
    )
    return file
  }

  it('names the fuses that stop Playwright, as a hardened package turns them off', () => {
    // RunAsNode, cookie encryption, NODE_OPTIONS, inspect arguments, asar integrity, asar only.
    expect(fuseRefusal(executable('010011'))).toMatch(/RunAsNode and EnableNodeCliInspectArguments turned off/)
    expect(fuseRefusal(executable('111011', (1 << 20) - 10))).toMatch(/EnableNodeCliInspectArguments turned off/)
  })

  it('lets an ordinary Electron through, and a file without fuses', () => {
    expect(fuseRefusal(executable('1011'))).toBeNull()
    const plain = join(track(mkdtempSync(join(tmpdir(), 'local-accounts-fuses-'))), 'electron')
    writeFileSync(plain, 'no wire here')
    expect(existsSync(plain) && fuseRefusal(plain)).toBeNull()
  })
})
