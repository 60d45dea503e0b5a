import type { z } from 'zod'
import { isChannelName, type ChannelName } from '../../shared/channels'
import { contract, type ChannelAccess, type ChannelOutput, type ParsedInput } from '../../shared/contract'
import { errorMessage, type ErrorCode } from '../../shared/errors'
import type { ApiError, FieldError, Result } from '../../shared/result'
import type { UserRecord } from '../db/users-repository'
import { AppError } from '../core/support/errors'
import type { Services } from '../core/services'
import type { CallerContext } from './caller'
import type { HostCapabilities } from './host-capabilities'
import { reauthenticationBlock, sessionLockBlock, twoFactorSetupBlock } from './forced-steps'
import type { SessionRecord } from '../core/sessions/session-store'
import { WindowRegistry } from './window-registry'
import { isExpired } from '../core/admin/expiry'
import { inForcedPasswordChange } from '../core/login/temporary-passwords'

/** The calling window's user and session token, checked at this call. */
interface SignedIn {
  user: UserRecord
  token: string
}

/** The window's session as checked at this call: perhaps locked, so not yet the handlers' `SignedIn`. */
interface CheckedSession extends SignedIn {
  session: SessionRecord
}

/** On `app` and `mail-log` channels the caller may be a guest. */
interface MaybeSignedIn {
  user: UserRecord | null
  token: string | null
}

/** `user` and `admin` channels run only for a signed-in caller (the router checks), so their handlers get one. */
type CallerSession<K extends ChannelName> = [ChannelAccess<K>] extends ['user' | 'admin'] ? SignedIn : MaybeSignedIn

export type HandlerContext<K extends ChannelName> = CallerSession<K> & {
  input: ParsedInput<K>
  caller: CallerContext
  /** What the host knows of each window: its session token and why that ended (core keeps the sign-in steps). */
  windows: WindowRegistry
  services: Services
  /** The desktop host's own abilities (a save dialog); null in the browser preview. */
  host: HostCapabilities | null
}

export type Handler<K extends ChannelName> = (
  context: HandlerContext<K>
) => Promise<ChannelOutput<K>> | ChannelOutput<K>

/** One handler per contract channel: a channel cannot be declared and left unhandled. */
export type Handlers = { [K in ChannelName]: Handler<K> }

export interface RouterOptions {
  /** Where unexpected errors are reported; never given a payload or a secret. */
  logError?: (message: string) => void
  /** Given by the desktop host only (see HostCapabilities). */
  host?: HostCapabilities
}

export interface Router {
  handle(caller: CallerContext, channel: unknown, payload: unknown): Promise<Result<unknown>>
  /** A window closed: its session ends with it, and main forgets everything about it. */
  windowClosed(windowId: string): void
  readonly windows: WindowRegistry
}

const fail = (error: ApiError): Result<never> => ({ ok: false, error })

/** sender check → strict parse → role check → service → Result. One router for both hosts. */
export function createRouter(services: Services, handlers: Handlers, options: RouterOptions = {}): Router {
  const windows = new WindowRegistry()
  services.sessions.onSessionsEnded((sessionIds, reason) => windows.sessionsEnded(sessionIds, reason))
  const logError = options.logError ?? ((message) => console.error(message))

  function currentUser(caller: CallerContext, touch: boolean): CheckedSession | null {
    const token = windows.token(caller.windowId)
    if (!token) return null
    const check = services.sessions.check(token, caller.windowId, { touch })
    if (check.status === 'ended') {
      windows.sessionGone(caller.windowId, check.reason)
      return null
    }
    const user = services.users.byId(check.session.userId)
    if (!user || !user.isActive || isExpired(user, services.clock.now())) {
      services.sessions.delete(token)
      windows.unbind(caller.windowId, 'revoked')
      return null
    }
    return { user, token, session: check.session }
  }

  /** Every failure becomes a Result: an unexpected one (even in the session check) is internal_error. */
  async function handle(caller: CallerContext, channel: unknown, payload: unknown): Promise<Result<unknown>> {
    try {
      return await dispatch(caller, channel, payload)
    } catch (error) {
      if (error instanceof AppError) return fail(error.toApiError())
      const name = isChannelName(channel) ? channel : 'unknown channel'
      logError(`[router] ${name} failed: ${error instanceof Error ? error.message : String(error)}`)
      return fail(apiError('internal_error'))
    }
  }

  async function dispatch(caller: CallerContext, channel: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!isChannelName(channel)) {
      return fail(apiError('unknown_channel'))
    }
    services.settingsEditor.refreshIfChanged()
    const def = contract[channel]
    const allowedKind = def.access === 'mail-log' ? 'mail-log' : 'app'
    if (caller.kind !== allowedKind) {
      return fail(apiError('wrong_window'))
    }
    const parsed = (def.input as z.ZodType).safeParse(payload)
    if (!parsed.success) return fail(invalidInput(parsed.error))

    const checked = currentUser(caller, def.countsAsActivity !== false)
    const lockBlock = sessionLockBlock(checked?.session ?? null, def.access)
    if (lockBlock) return fail(lockBlock)
    // A locked session's window belongs to no one until it is unlocked: `app` channels see a guest.
    const signedIn = checked && checked.session.lockedAt === null ? checked : null
    const user = signedIn?.user ?? null
    if ((def.access === 'user' || def.access === 'admin') && !user) {
      return fail(apiError('not_signed_in'))
    }
    if (def.access === 'admin' && !user?.isAdmin) {
      return fail(apiError('forbidden'))
    }
    const pendingChange = passwordChangeRefusal(channel, user)
    if (pendingChange) return fail(pendingChange)
    const setupBlock = twoFactorSetupBlock(services, user, channel)
    if (setupBlock) return fail(setupBlock)
    const reauthentication = reauthenticationBlock(services, signedIn?.session ?? null, channel, parsed.data)
    if (reauthentication) return fail(reauthentication)

    // The checks above are what make CallerSession true: a `user`/`admin` channel got here signed in.
    const handler = handlers[channel] as Handler<typeof channel>
    const context = {
      input: parsed.data,
      caller,
      user,
      token: signedIn?.token ?? null,
      windows,
      services,
      host: options.host ?? null
    }
    const data = await handler(context as never)
    return { ok: true, data }
  }

  function windowClosed(windowId: string): void {
    const token = windows.forget(windowId)
    services.windowClosed(windowId)
    if (token) services.sessions.delete(token)
  }

  return { handle, windowClosed, windows }
}

/**
 * The channels a window may use while its user must replace a temporary password: enough to
 * show the Change password screen, change it, or log out. Every other one is refused in main,
 * so a window that skips the screen gains nothing.
 */
const OPEN_WHILE_PASSWORD_CHANGE_REQUIRED: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'getSession',
  'getPasswordRules',
  'changePassword',
  'logOut',
  'lockSession'
])

function passwordChangeRefusal(channel: ChannelName, user: UserRecord | null): ApiError | null {
  if (!inForcedPasswordChange(user) || OPEN_WHILE_PASSWORD_CHANGE_REQUIRED.has(channel)) return null
  return {
    code: 'password_change_required',
    message: errorMessage('password_change_required')
  }
}

function issueCode(issue: z.core.$ZodIssue): ErrorCode {
  switch (issue.code) {
    case 'too_big':
      return 'too_long'
    case 'too_small':
      return 'too_small'
    case 'unrecognized_keys':
      return 'unknown_field'
    case 'invalid_type':
      return 'wrong_type'
    default:
      return 'invalid_value'
  }
}

function invalidInput(error: z.ZodError): ApiError {
  // A Map, not an object literal: a payload key such as `__proto__` must not reach a prototype.
  const fields = new Map<string, FieldError[]>()
  for (const issue of error.issues) {
    const names = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.length ? String(issue.path[0]) : '_']
    for (const name of names) {
      fields.set(name, [...(fields.get(name) ?? []), { code: issueCode(issue), message: issue.message }])
    }
  }
  return { ...apiError('invalid_input'), fields: Object.fromEntries(fields) }
}

/** An error the router answers itself, in the words of the one wording table. */
function apiError(code: ErrorCode): ApiError {
  return { code, message: errorMessage(code) }
}
