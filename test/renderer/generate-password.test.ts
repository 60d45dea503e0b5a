import { afterEach, describe, expect, it } from 'vitest'
import { generatePassword } from '../../src/renderer/src/lib/generate-password'
import { call, dataOf } from '../helpers/accounts'
import { appWindow, makeTestCore, signUpInput, withFirstAdmin, type TestCore } from '../helpers/core'

/**
 * `Generate password` on Create account and Temporary password: what it makes must pass main's
 * rules as they are set, and must not be guessable (every one different, no bias to a symbol).
 */

let core: TestCore
afterEach(() => core?.dispose())

/** An account made by the administrator with `password`, through the router: main's rules decide. */
async function accepted(name: string, password: string): Promise<boolean> {
  const result = await call(core, appWindow('admin-window'), 'adminCreateAccount', {
    ...signUpInput(name, password),
    isAdmin: false,
    mustChangePassword: true
  })
  return result.ok
}

describe('a generated password', () => {
  it('passes main’s rules with the default settings, and no two are alike', async () => {
    core = makeTestCore()
    await withFirstAdmin(core)
    const made = Array.from({ length: 500 }, () => generatePassword({ minLength: 8, maxLength: 1024 }))
    expect(new Set(made).size).toBe(made.length)
    for (const password of made) expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/)
    for (const [index, password] of made.slice(0, 3).entries()) {
      expect(await accepted(`person${index}`, password)).toBe(true)
    }
  })

  it('grows to a longer minimum length, and stays within the maximum', async () => {
    core = makeTestCore({ passwordValidators: { minimumLength: { minLength: 20 } } })
    await withFirstAdmin(core)
    const rules = dataOf(await call(core, appWindow('w'), 'getPasswordRules', {}))
    const minLength = rules.find((rule) => rule.code === 'password_too_short')?.limit
    expect(minLength).toBe(20)
    const password = generatePassword({ minLength })
    expect([...password].length).toBeGreaterThanOrEqual(20)
    expect(await accepted('longer', password)).toBe(true)

    const longest = generatePassword({ minLength: 1024, maxLength: 1024 })
    expect(longest).toHaveLength(1024)
  })

  it('draws every symbol about as often (bytes past the alphabet are drawn again, not folded)', () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 4000; i++) {
      for (const symbol of generatePassword().replace(/-/g, '')) counts.set(symbol, (counts.get(symbol) ?? 0) + 1)
    }
    const expected = (4000 * 16) / counts.size
    expect(counts.size).toBe(57)
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.2)
  })
})
