import { describe, expect, it } from 'vitest'
import { redirectFor } from '../../src/renderer/src/lib/access'
import {
  afterLogIn,
  DASHBOARD,
  formatRoutePath,
  logInThenReturnTo,
  parseRoutePath,
  route
} from '../../src/renderer/src/lib/routes'
import type { UserView } from '../../src/shared/views'

const alice: UserView = {
  id: 2,
  username: 'alice',
  email: 'alice@example.com',
  isAdmin: false,
  mustChangePassword: false,
  passwordManagedByDirectory: false
}
const admin: UserView = { ...alice, id: 1, username: 'admin', isAdmin: true }

describe('screen addresses (the window hash)', () => {
  it('survive a reload: what is written is read back, parameters included', () => {
    for (const target of [DASHBOARD, route('change-password'), route('log-in', { next: 'change-password' })]) {
      expect(parseRoutePath(formatRoutePath(target))).toEqual(target)
    }
  })

  it('an unknown or mangled address shows the Dashboard, never a blank window', () => {
    for (const path of ['', '/', 'nope', '../admin', 'log-in-x?next=1', '%00']) {
      expect(parseRoutePath(path)).toEqual(DASHBOARD)
    }
  })
})

describe('who may see a screen', () => {
  it('Change password while signed out goes to Log in, and Log in comes back to it', () => {
    const logIn = redirectFor(route('change-password'), 'user', null)
    expect(logIn).toEqual(logInThenReturnTo(route('change-password')))
    expect(afterLogIn(logIn!)).toEqual(route('change-password'))
  })

  it('Log in never sends a person back to Log in, whatever its next says', () => {
    expect(afterLogIn(route('log-in', { next: 'log-in?next=log-in' }))).toEqual(DASHBOARD)
    expect(afterLogIn(route('log-in', { next: 'somewhere-else' }))).toEqual(DASHBOARD)
    expect(afterLogIn(route('log-in'))).toEqual(DASHBOARD)
  })

  it('a signed-in person is moved on from Log in and Sign up', () => {
    expect(redirectFor(route('log-in', { next: 'change-password' }), 'guest', alice)).toEqual(route('change-password'))
    expect(redirectFor(route('sign-up'), 'guest', alice)).toEqual(DASHBOARD)
    expect(redirectFor(route('sign-up'), 'guest', null)).toBeNull()
  })

  it('admin screens are for administrators only', () => {
    expect(redirectFor(route('accounts'), 'admin', alice)).toEqual(DASHBOARD)
    expect(redirectFor(route('accounts'), 'admin', admin)).toBeNull()
    expect(redirectFor(route('accounts'), 'admin', null)).toEqual(route('log-in', { next: 'accounts' }))
  })
})
