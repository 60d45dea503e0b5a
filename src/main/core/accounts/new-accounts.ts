import type { AuditKind } from '../../../shared/audit-kinds'
import type { FieldError } from '../../../shared/result'
import { type Db, writeTransaction } from '../../db/database'
import type { UserRecord, UserRepository } from '../../db/users-repository'
import type { AuditLog } from '../audit/audit-log'
import type { Clock } from '../support/clock'
import { AppError, FieldErrors, fieldError } from '../support/errors'
import { emailErrors, emailKey, normalizeEmail, normalizeUsername, usernameErrors, usernameKey } from './identity'
import type { PasswordHasher } from '../passwords/hasher'
import type { PasswordPolicy } from '../passwords/policy'
import type { NewSession } from '../sessions/session-store'

export interface NewAccountInput {
  username: string
  email: string
  password: string
  passwordConfirmation: string
}

export interface NewAccountsDeps {
  db: Db
  clock: Clock
  users: UserRepository
  hasher: PasswordHasher
  policy: PasswordPolicy
  audit: AuditLog
}

/** How one route creates an account: its role, its audit event, and a rule checked before and inside the write. */
interface Plan {
  isAdmin: boolean
  kind: AuditKind
  actor?: UserRecord
  /** The password is a temporary one, handed over: its first login must replace it. */
  mustChangePassword?: boolean
  precondition?: () => void
  /** Runs the form's validation under a throttle (sign-up), which counts what it reveals. */
  screen?: Screen
  /** Signs the new account in, inside the transaction that makes it: one commit, not three. */
  signIn?: SignInNew
}

/** Starts the new account's session in the creating transaction. */
export type SignInNew = (userId: number) => NewSession

/** A new account, and its session when the route signs it in. */
export interface Created<S extends NewSession | null = NewSession | null> {
  user: UserRecord
  session: S
}

/** Runs `validate` under a throttle and returns its result (see SignUpThrottle.screen). */
export type Screen = <T>(validate: () => T) => Promise<T>

const usernameTaken: FieldError = fieldError('username_taken')
const emailTaken: FieldError = fieldError('email_taken')

/**
 * New accounts, validated like Django's UserCreationForm and created with their audit event in
 * one transaction. One named method per route an account can be made by.
 */
export class NewAccounts {
  constructor(private readonly deps: NewAccountsDeps) {}

  /**
   * A normalised username's format problems, else `username_taken`. Login looks a name up as a
   * username first, then as an email: a username equal to someone's email (or the reverse, in
   * `emailProblems`) would capture that person's login, so both count as taken. A look-alike of
   * an account's name (`аdmin` with a Cyrillic а beside `admin`) is taken too, in the same words,
   * so it tells no more than a taken name does; the database's skeleton index holds the same rule.
   */
  usernameProblems(username: string): FieldError[] {
    const problems = usernameErrors(username)
    if (problems.length > 0) return problems
    return this.usernameTaken(username) ? [usernameTaken] : []
  }

  /** A normalised email's format problems, else `email_taken` (by anyone but `exceptUserId`). */
  emailProblems(email: string, exceptUserId = 0): FieldError[] {
    const problems = emailErrors(email)
    if (problems.length > 0) return problems
    return this.emailTaken(email, exceptUserId) ? [emailTaken] : []
  }

  /** Validates every field of a new account together; returns normalised values. */
  validate(input: NewAccountInput): { username: string; email: string } {
    const username = normalizeUsername(input.username)
    const email = normalizeEmail(input.email)
    const errors = new FieldErrors()
    errors.add('username', this.usernameProblems(username))
    errors.add('email', this.emailProblems(email))
    this.deps.policy.addNewPasswordErrors(errors, input, ['password', 'passwordConfirmation'], { username, email })
    errors.throwIfAny()
    return { username, email }
  }

  /** The first-run administrator: refused once any account exists. */
  createFirstAdmin(input: NewAccountInput, signIn: SignInNew): Promise<Created<NewSession>> {
    return this.signedIn(input, {
      isAdmin: true,
      kind: 'first_admin_created',
      precondition: () => this.refuseUnlessFirst(),
      signIn
    })
  }

  /** Self sign-up: refused until the first administrator exists; validated under `screen`. */
  signUp(input: NewAccountInput, screen: Screen, signIn: SignInNew): Promise<Created<NewSession>> {
    return this.signedIn(input, {
      isAdmin: false,
      kind: 'sign_up',
      precondition: () => this.refuseIfFirst(),
      screen,
      signIn
    })
  }

  /**
   * From the Accounts console: the administrator is the actor. With `mustChangePassword` the
   * password is a temporary one, as one set on the account page, so the administrator never
   * keeps knowing the password the account ends up with.
   */
  createByAdmin(
    admin: UserRecord,
    input: NewAccountInput & { isAdmin: boolean; mustChangePassword?: boolean }
  ): Promise<UserRecord> {
    const { isAdmin, mustChangePassword = false } = input
    return this.create(input, { isAdmin, kind: 'admin_create', actor: admin, mustChangePassword })
  }

  /** `npm run createsuperuser`: an administrator, whether or not accounts exist. */
  createSuperuser(input: NewAccountInput): Promise<UserRecord> {
    return this.create(input, { isAdmin: true, kind: 'createsuperuser' })
  }

  /** An account made outright, for seeding and tests; audited as `kind`. */
  createOutright(input: NewAccountInput, isAdmin: boolean, kind: AuditKind): Promise<UserRecord> {
    return this.create(input, { isAdmin, kind })
  }

  private async create(input: NewAccountInput, plan: Plan): Promise<UserRecord> {
    return (await this.created(input, plan)).user
  }

  /** A route that signs the new account in: its session is part of the answer. */
  private async signedIn(input: NewAccountInput, plan: Plan & { signIn: SignInNew }): Promise<Created<NewSession>> {
    const { user, session } = await this.created(input, plan)
    if (!session) throw new Error('a signing-in route made no session')
    return { user, session }
  }

  private async created(input: NewAccountInput, plan: Plan): Promise<Created> {
    const { db, users, hasher, audit, clock } = this.deps
    plan.precondition?.()
    const { username, email } = plan.screen ? await plan.screen(() => this.validate(input)) : this.validate(input)
    const passwordHash = await hasher.hash(input.password)
    const { id, session } = writeTransaction(db, () => {
      // Checked again inside the transaction: another window may have made an account meanwhile.
      // (The password's rules cannot have changed for it, so they are not run twice.)
      plan.precondition?.()
      this.refuseTaken(username, email)
      const newId = users.insert({
        username,
        usernameKey: usernameKey(username),
        email,
        emailKey: emailKey(email),
        passwordHash,
        isAdmin: plan.isAdmin,
        createdAt: clock.now(),
        mustChangePassword: plan.mustChangePassword === true
      })
      audit.record({
        kind: plan.kind,
        outcome: 'success',
        actor: plan.actor ? { id: plan.actor.id, username: plan.actor.username } : { id: newId, username },
        subject: { id: newId, username },
        detail: createdDetail(plan)
      })
      return { id: newId, session: plan.signIn?.(newId) ?? null }
    })
    return { user: users.byId(id) as UserRecord, session }
  }

  /** The name as a username, a look-alike of one, or someone's email. */
  private usernameTaken(username: string): boolean {
    const { users } = this.deps
    const key = usernameKey(username)
    return users.usernameKeyTaken(key) || users.lookAlikeTaken(key) || users.emailKeyTaken(emailKey(username))
  }

  /** The address as someone's email, or as someone's username. */
  private emailTaken(email: string, exceptUserId: number): boolean {
    const { users } = this.deps
    return (
      users.emailKeyTaken(emailKey(email), exceptUserId) || users.usernameKeyTaken(usernameKey(email), exceptUserId)
    )
  }

  /** Inside the creating transaction: the fields' format was checked before; only who holds them can change. */
  private refuseTaken(username: string, email: string): void {
    const errors = new FieldErrors()
    if (this.usernameTaken(username)) errors.add('username', [usernameTaken])
    if (this.emailTaken(email, 0)) errors.add('email', [emailTaken])
    errors.throwIfAny()
  }

  private refuseUnlessFirst(): void {
    if (this.deps.users.count() > 0) throw new AppError('first_run_over')
  }

  private refuseIfFirst(): void {
    if (this.deps.users.count() === 0) throw new AppError('first_run_pending')
  }
}

/** What the audit trail says of a new account beyond its name: its role, a temporary password. */
function createdDetail(plan: Plan): string | null {
  const notes = [plan.isAdmin ? 'administrator' : null, plan.mustChangePassword ? 'temporary password' : null]
  return notes.filter((note) => note !== null).join(', ') || null
}
