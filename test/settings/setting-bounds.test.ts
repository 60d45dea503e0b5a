import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readSettings, SETTINGS_FILE_NAME } from '../../src/main/core/settings/load-settings'
import { checkSettingChanges, settingsSchema, type SettingChanges } from '../../src/shared/settings-schema'
import { call, dataOf, errorOf, everyTable, fieldCodes } from '../helpers/accounts'
import { appWindow, makeTestCore, withFirstAdmin, type TestCore } from '../helpers/core'

const ADMIN = appWindow('admin-window')
const MAX_SAFE = Number.MAX_SAFE_INTEGER
const DAY = 24 * 60 * 60

const cores: TestCore[] = []
const folders: string[] = []
afterEach(() => {
  for (const core of cores.splice(0)) core.dispose()
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

async function adminCore(): Promise<TestCore> {
  const core = makeTestCore()
  cores.push(core)
  await withFirstAdmin(core)
  return core
}

/** Each value one past its upper bound, as the attacker typed them. */
const pastTheirBounds: SettingChanges = {
  'lockout.durationInSeconds': MAX_SAFE,
  'lockout.maxFailures': 101,
  'sessions.idleTimeoutInSeconds': DAY + 1,
  'sessions.lifetimeInSeconds': 30 * DAY + 1,
  'resetCodes.lifetimeInSeconds': DAY + 1,
  'passwordHashing.memoryCostInKiB': 4 * 1024 * 1024,
  'passwordHashing.timeCost': 100,
  'passwordHashing.parallelism': 64
}

describe('every duration, count and hashing parameter has an upper bound', () => {
  it('the Settings screen refuses each value past its bound, and nothing changes', async () => {
    const core = await adminCore()
    const before = everyTable(core)
    const refused = await call(core, ADMIN, 'adminSaveSettings', { changes: pastTheirBounds })
    expect(fieldCodes(refused)).toEqual(
      Object.fromEntries(Object.keys(pastTheirBounds).map((key) => [key, ['setting_too_big']]))
    )
    expect(errorOf(refused).fields?.['lockout.durationInSeconds'][0].message).toBe(`Must be at most ${DAY}.`)
    expect(everyTable(core)).toEqual(before)
    expect(core.services.settings.lockout).toEqual({ maxFailures: 5, durationInSeconds: 15 * 60 })
  })

  it('the values at the bounds are accepted (all but hashing, which is measured)', () => {
    const atBounds = {
      'lockout.durationInSeconds': DAY,
      'lockout.maxFailures': 100,
      'sessions.idleTimeoutInSeconds': DAY,
      'sessions.lifetimeInSeconds': 30 * DAY,
      'resetCodes.lifetimeInSeconds': DAY
    }
    expect(checkSettingChanges(settingsSchema.parse({}), atBounds).ok).toBe(true)
  })

  it('settings.json is refused with the setting named, for each bound', () => {
    const folder = mkdtempSync(join(tmpdir(), 'local-accounts-bounds-'))
    folders.push(folder)
    const files = [
      { lockout: { durationInSeconds: MAX_SAFE } },
      { lockout: { maxFailures: 1000 } },
      { sessions: { idleTimeoutInSeconds: 2 * DAY } },
      { sessions: { lifetimeInSeconds: 365 * DAY } },
      { resetCodes: { lifetimeInSeconds: 7 * DAY } },
      { resetCodes: { maxAttempts: 1_000_000 } },
      { resetCodes: { requestWindowInSeconds: MAX_SAFE } },
      { audit: { retentionInDays: MAX_SAFE } },
      { passwordHashing: { memoryCostInKiB: 4 * 1024 * 1024 } },
      { passwordHashing: { timeCost: 9999 } },
      { passwordHashing: { parallelism: 999 } }
    ]
    for (const file of files) {
      writeFileSync(join(folder, SETTINGS_FILE_NAME), JSON.stringify(file))
      const [section, values] = Object.entries(file)[0]
      expect(() => readSettings(folder, {})).toThrow(`${section}.${Object.keys(values)[0]}`)
    }
  })
})

describe('hashing values too slow for this machine', () => {
  // 1 GiB × 20 passes: within the schema's bounds, tens of seconds a hash on any machine.
  const tooSlow = { memoryCostInKiB: 1024 * 1024, timeCost: 20, parallelism: 1 }

  it('Measure says how slow instead of running it whole', async () => {
    const core = await adminCore()
    const measured = errorOf(await call(core, ADMIN, 'adminMeasureHashing', tooSlow))
    expect(measured.code).toBe('hashing_too_slow')
    expect(Number(measured.params?.milliseconds)).toBeGreaterThan(3000)
    expect(measured.message).toContain('more than 3000 ms is refused')
  })

  it('are refused on save beside the memory field; every login keeps the old values', async () => {
    const core = await adminCore()
    const before = everyTable(core)
    const changes = {
      'passwordHashing.memoryCostInKiB': tooSlow.memoryCostInKiB,
      'passwordHashing.timeCost': tooSlow.timeCost
    }
    const refused = await call(core, ADMIN, 'adminSaveSettings', { changes })
    expect(fieldCodes(refused)).toEqual({ 'passwordHashing.memoryCostInKiB': ['hashing_too_slow'] })
    expect(everyTable(core)).toEqual(before)
    expect(core.services.settings.passwordHashing.timeCost).toBe(1)
    // A cheap change still saves.
    const saved = dataOf(await call(core, ADMIN, 'adminSaveSettings', { changes: { 'passwordHashing.timeCost': 2 } }))
    expect(saved.values['passwordHashing.timeCost']).toBe(2)
  })
})
