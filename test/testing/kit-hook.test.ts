import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Secret, TOTP } from 'otpauth'
import { afterEach, describe, expect, it } from 'vitest'
import { createAppCore, type AppCore } from '../../src/main/app'
import { makeSettings } from '../../src/main/core/settings/load-settings'
import { acceptKit, KIT_HOOK_KEY, KIT_SECRET_ENV, type KitHook } from '../../src/main/testing/kit-hook'
import { CHEAP_HASHING, RESOURCES_DIR } from '../helpers/core'

const SECRET = 'a-per-launch-secret-of-32-chars-or-more'
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  delete (globalThis as Record<symbol, unknown>)[KIT_HOOK_KEY]
})

/** An app started as the kit starts one: the secret in its environment, not packaged. */
function kitStartedApp(): { core: AppCore; hook: KitHook; warnings: string[] } {
  const warnings: string[] = []
  const env: NodeJS.ProcessEnv = { [KIT_SECRET_ENV]: SECRET }
  const kit = acceptKit(env, { packaged: false, warn: (message) => warnings.push(message) })
  if (!kit) throw new Error('the kit was refused')
  const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-kit-'))
  const core = createAppCore({
    dataDir,
    resourcesDir: RESOURCES_DIR,
    settings: makeSettings({ passwordHashing: CHEAP_HASHING }),
    clock: kit.clock,
    printMail: () => undefined
  })
  cleanups.push(() => {
    core.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  kit.install(core.services)
  return { core, hook: (globalThis as Record<symbol, unknown>)[KIT_HOOK_KEY] as KitHook, warnings }
}

const bob = { username: 'bob', email: 'bob@example.com', password: 'Lantern-orchard-58' }
/** A login from window w1: resolves with the signed-in user, or rejects with the refusal. */
async function logIn(core: AppCore, password = bob.password, name = bob.username) {
  const outcome = await core.services.signIn.logIn(name, password, { id: 'w1', replacing: null })
  if (outcome.status === 'refused') throw outcome.error
  return outcome
}

describe('the test clock and kit hook: only for an app the kit started, never packaged', () => {
  it('a normal start has neither: no secret, no hook', () => {
    const env: NodeJS.ProcessEnv = { LOCAL_ACCOUNTS_CLOCK_OFFSET: '3600' }
    expect(acceptKit(env, { packaged: false, warn: () => undefined })).toBeNull()
    expect((globalThis as Record<symbol, unknown>)[KIT_HOOK_KEY]).toBeUndefined()
  })

  it('a packaged app refuses the kit even with a secret, says so, and keeps the secret from its children', () => {
    const warnings: string[] = []
    const env: NodeJS.ProcessEnv = { [KIT_SECRET_ENV]: SECRET }
    expect(acceptKit(env, { packaged: true, warn: (message) => warnings.push(message) })).toBeNull()
    expect(env[KIT_SECRET_ENV]).toBeUndefined()
    expect(warnings.join('\n')).toMatch(/packaged app never takes the testers' kit/)
  })

  it('a secret short enough to guess is refused', () => {
    const env: NodeJS.ProcessEnv = { [KIT_SECRET_ENV]: 'short' }
    expect(acceptKit(env, { packaged: false, warn: () => undefined })).toBeNull()
  })

  it('with the launch’s secret, the clock moves and a lockout runs out without waiting; without it, nothing moves', async () => {
    const { core, hook } = kitStartedApp()
    await hook(SECRET, { op: 'createAccount', account: bob })
    await hook(SECRET, { op: 'lockOut', username: 'BOB' })
    await expect(logIn(core)).rejects.toMatchObject({ code: 'locked_out' })

    const lockSeconds = core.services.settings.lockout.durationInSeconds
    for (const given of ['wrong', SECRET.slice(0, -1), undefined, { secret: SECRET }]) {
      await expect(hook(given, { op: 'advanceClock', seconds: lockSeconds + 1 })).rejects.toThrow(/refused/)
    }
    await expect(logIn(core)).rejects.toMatchObject({ code: 'locked_out' })

    await hook(SECRET, { op: 'advanceClock', seconds: lockSeconds + 1 })
    await expect(logIn(core)).resolves.toMatchObject({ user: { username: 'bob' } })
  })

  it('refuses requests it does not know, with unknown fields or huge strings, and changes nothing', async () => {
    const { core, hook } = kitStartedApp()
    const bad = [
      { op: 'dropDatabase' },
      { op: 'createAccount', account: { ...bob, isSuperuser: true } },
      { op: 'createAccount', account: { ...bob, username: 'x'.repeat(100_000) } },
      { op: 'advanceClock', seconds: -60 },
      { op: 'advanceClock', seconds: '60' },
      'createAccount'
    ]
    for (const request of bad)
      await expect(hook(SECRET, request), JSON.stringify(request).slice(0, 80)).rejects.toThrow()
    expect(core.services.users.count()).toBe(0)
    expect(core.services.clock.now()).toBeLessThan(Date.now() + 1000)
  })

  it('makes an inactive account that cannot sign in, and turns two-factor on with the current code unused', async () => {
    const { core, hook } = kitStartedApp()
    await hook(SECRET, {
      op: 'createAccount',
      account: { ...bob, username: 'carol', email: 'c@example.com', active: false }
    })
    await expect(logIn(core, bob.password, 'carol')).rejects.toMatchObject({
      code: 'invalid_credentials'
    })

    const made = (await hook(SECRET, { op: 'createAccount', account: bob })) as { id: number }
    const { secret, recoveryCodes } = (await hook(SECRET, { op: 'enableTwoFactor', username: 'bob' })) as {
      secret: string
      recoveryCodes: string[]
    }
    expect(recoveryCodes).toHaveLength(10)
    expect(core.services.twoFactor.isEnabled(made.id)).toBe(true)
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: core.services.clock.now() })
    expect(await logIn(core)).toMatchObject({ status: 'second-factor-due' })
    expect(core.services.signIn.completeSecondFactor({ id: 'w1', replacing: null }, { code }).user.username).toBe('bob')
  })
})
