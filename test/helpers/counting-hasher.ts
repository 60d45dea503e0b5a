import { Accounts } from '../../src/main/core/accounts/accounts'
import { NewAccounts } from '../../src/main/core/accounts/new-accounts'
import { SignIn } from '../../src/main/core/login/sign-in'
import { PasswordHasher } from '../../src/main/core/passwords/hasher'
import { PasswordVerifier } from '../../src/main/core/passwords/verifier'
import { WindowNotes } from '../../src/main/core/support/window-notes'
import type { TestCore } from './core'

/**
 * The real argon2id hasher, recording what it is asked to do. It still hashes and verifies for
 * real, so a test can tell that an unknown user cost a genuine verification against a hash with
 * the configured parameters, without timing anything.
 */
export class CountingHasher extends PasswordHasher {
  /** The PHC string of every verification, in order. */
  readonly verifiedAgainst: string[] = []
  hashCount = 0

  override hash(password: string): Promise<string> {
    this.hashCount++
    return super.hash(password)
  }

  override verify(hash: string, password: string): Promise<boolean> {
    this.verifiedAgainst.push(hash)
    return super.verify(hash, password)
  }

  /** Each failed login that asked to be held until the failure floor: the floor then in force. */
  readonly heldAtFloor: number[] = []

  override async holdFailedLogin(startedAt: number): Promise<void> {
    await super.holdFailedLogin(startedAt)
    this.heldAtFloor.push(this.failureFloorInMs)
  }
}

/** The core's own sign-in over the same database and services, but with `hasher`. */
export function signInWithHasher(core: TestCore, hasher: PasswordHasher): SignIn {
  const verifier = new PasswordVerifier({ hasher, directory: null })
  return new SignIn({ ...core.services, hasher, verifier, pending: new WindowNotes() })
}

/** The core's own Accounts (sign-up, change of password) over the same services, but with `hasher`. */
export function accountsWithHasher(core: TestCore, hasher: PasswordHasher): Accounts {
  const newAccounts = new NewAccounts({ ...core.services, hasher })
  return new Accounts({ ...core.services, hasher, newAccounts })
}
