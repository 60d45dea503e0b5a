import { afterEach, describe, expect, it } from 'vitest'
import { call, errorOf } from '../helpers/accounts'
import { appWindow, makeTestCore, STRONG_PASSWORD, withUser, type TestCore } from '../helpers/core'

/**
 * The attempt before the one that locks a name says so, with the number and the duration from
 * the settings, and says it the same way whether or not the name belongs to an account.
 */

const cores: TestCore[] = []
afterEach(() => {
  for (const core of cores.splice(0).reverse()) core.dispose()
})

async function coreWithAlice(lockout: { maxFailures: number; durationInSeconds: number }): Promise<TestCore> {
  const core = makeTestCore({ lockout })
  cores.push(core)
  await withUser(core, 'alice')
  return core
}

const wrongLogIn = async (core: TestCore, identifier: string) =>
  errorOf(await call(core, appWindow('w1'), 'logIn', { identifier, password: 'not-the-password-1' }))

describe('the warning before a name locks', () => {
  it('comes with the last failure before the lock only, naming the duration', async () => {
    const core = await coreWithAlice({ maxFailures: 4, durationInSeconds: 900 })
    const errors = []
    for (let attempt = 1; attempt <= 4; attempt++) errors.push(await wrongLogIn(core, 'alice'))
    expect(errors.slice(0, 2).map((error) => error.params)).toEqual([undefined, undefined])
    expect(errors[2]).toMatchObject({ code: 'invalid_credentials', params: { attemptsLeft: 1, minutes: 15 } })
    expect(errors[2].message).toContain('1 attempt left before this name is locked for 15 minutes')
    expect(errors[3].code).toBe('locked_out')
  })

  it('is word for word the same for an unknown name as for a known one', async () => {
    const core = await coreWithAlice({ maxFailures: 3, durationInSeconds: 3600 })
    const known = [await wrongLogIn(core, 'alice'), await wrongLogIn(core, 'alice')]
    const unknown = [await wrongLogIn(core, 'nobody-here'), await wrongLogIn(core, 'nobody-here')]
    expect(unknown).toEqual(known)
    expect(known[1].message).toContain('1 attempt left before this name is locked for 60 minutes')
  })

  it('does not come when the password is right, and a success starts the count again', async () => {
    const core = await coreWithAlice({ maxFailures: 3, durationInSeconds: 900 })
    await wrongLogIn(core, 'alice')
    await call(core, appWindow('w2'), 'logIn', { identifier: 'alice', password: STRONG_PASSWORD })
    expect((await wrongLogIn(core, 'alice')).params).toBeUndefined()
    expect((await wrongLogIn(core, 'alice')).params).toEqual({ attemptsLeft: 1, minutes: 15 })
  })
})
