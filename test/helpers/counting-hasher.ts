import { Accounts } from '../../src/main/core/accounts/accounts'
import { PasswordHasher } from '../../src/main/core/passwords/hasher'
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
}

/** The core's own Accounts over the same database and services, but with `hasher`. */
export function accountsWithHasher(core: TestCore, hasher: PasswordHasher): Accounts {
  const { db, clock, users, policy, sessions, lockout, audit } = core.services
  return new Accounts({ db, clock, users, hasher, policy, sessions, lockout, audit })
}
