import { Secret, TOTP } from 'otpauth'
import { z } from 'zod'
import type { MailMessageView } from '../../shared/admin-views'
import { usernameKey } from '../core/accounts/identity'
import type { Services } from '../core/services'
import type { OffsetClock } from './kit-clock'

const text = z.string().max(1000)

/** What the testers' kit may ask of an app it started; anything else is refused unread. */
export const kitRequest = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('createAccount'),
      account: z
        .object({
          username: text,
          email: text,
          password: text,
          admin: z.boolean().optional(),
          active: z.boolean().optional()
        })
        .strict()
    })
    .strict(),
  z.object({ op: z.literal('lockOut'), username: text }).strict(),
  z.object({ op: z.literal('enableTwoFactor'), username: text }).strict(),
  z.object({ op: z.literal('mail') }).strict(),
  z
    .object({
      op: z.literal('advanceClock'),
      seconds: z
        .number()
        .min(0)
        .max(10 * 365 * 24 * 3600)
    })
    .strict()
])

export type KitRequest = z.infer<typeof kitRequest>

export interface KitAccount {
  id: number
  username: string
}

export interface KitTwoFactor {
  secret: string
  recoveryCodes: string[]
}

/**
 * Carries out one request of the kit with the app's own services, as the app would: real
 * hashes, real audit entries, the same database rules. Used in-process by the browser target
 * and through the kit hook (kit-hook.ts) in an Electron main process.
 */
export async function runKitRequest(services: Services, clock: OffsetClock, raw: unknown): Promise<unknown> {
  const request = kitRequest.parse(raw)
  switch (request.op) {
    case 'createAccount':
      return createAccount(services, request.account)
    case 'lockOut':
      return lockOut(services, request.username)
    case 'enableTwoFactor':
      return enableTwoFactor(services, request.username)
    case 'mail':
      return services.outbox.list() satisfies MailMessageView[]
    case 'advanceClock':
      return clock.advance(request.seconds)
  }
}

async function createAccount(
  services: Services,
  account: Extract<KitRequest, { op: 'createAccount' }>['account']
): Promise<KitAccount> {
  const { username, email, password } = account
  const user = await services.accounts.createAccount(
    { username, email, password, passwordConfirmation: password },
    { isAdmin: account.admin ?? false, auditKind: account.admin ? 'createsuperuser' : 'sign_up' }
  )
  if (account.active === false) services.users.update(user.id, { isActive: false })
  return { id: user.id, username: user.username }
}

function userNamed(services: Services, username: string) {
  const user = services.users.byUsernameKey(usernameKey(username))
  if (!user) throw new Error(`No account is named ${JSON.stringify(username)}.`)
  return user
}

/** Counts failed attempts up to the lockout limit, as that many wrong passwords would. */
function lockOut(services: Services, username: string): { lockedUntil: number } {
  const key = usernameKey(userNamed(services, username).username)
  return services.db
    .transaction(() => {
      for (let attempt = 0; attempt <= services.settings.lockout.maxFailures; attempt++) {
        const admission = services.lockout.admit(key)
        if (!admission.admitted) return { lockedUntil: admission.lockedUntil }
      }
      throw new Error('The lockout did not engage.')
    })
    .immediate()
}

/**
 * Sets up and turns on two-factor authentication as the Two-factor screen would. It is turned on
 * with the code of the time-step before now, so the current code is still unused and works for
 * the next login (a code never works twice).
 */
async function enableTwoFactor(services: Services, username: string): Promise<KitTwoFactor> {
  const user = userNamed(services, username)
  const setup = await services.twoFactor.beginSetup(user)
  const totp = new TOTP({ secret: Secret.fromBase32(setup.setupKey) })
  const earlier = totp.generate({ timestamp: services.clock.now() - totp.period * 1000 })
  const { recoveryCodes } = services.twoFactor.enable(user, earlier)
  return { secret: setup.setupKey, recoveryCodes }
}
