/** Shapes that cross IPC. Nothing secret is ever part of them. */
export interface UserView {
  id: number
  username: string
  email: string
  isAdmin: boolean
  mustChangePassword: boolean
  /** Signed in through the directory: the password is changed there, not here. */
  passwordManagedByDirectory: boolean
}

export type SessionEndReason =
  | 'idle'
  | 'expired'
  | 'password_changed'
  | 'revoked'
  /** Locked sessions past `sessions.maxLockedSessions`: the oldest went. */
  | 'locked_limit'
  /** Wrong unlock passwords locked the name, and the locked session with it. */
  | 'unlock_lockout'
  | 'ended_by_admin'
  /** Two-factor authentication was turned on in another session of the same user. */
  | 'two_factor_enabled'

/** A locked session as anyone at the workstation may see it: a name and a time, nothing else. */
export interface LockedSessionView {
  /** Names the session across IPC; not the session token nor any part of it. */
  handle: string
  username: string
  lockedAt: number
  /** Set when the session ended while locked (told once, at the next unlock). */
  endedBecause: SessionEndReason | null
}

/** One session on this workstation, for the administrators' Sessions screen. */
export interface WorkstationSessionView {
  handle: string
  username: string
  state: 'active' | 'locked'
  since: number
  lastActivityAt: number
  /** The administrator's own session in this window. */
  thisWindow: boolean
}

export interface SessionView {
  user: UserView | null
  /** Set once after the main process ended this window's session on its own. */
  endedBecause: SessionEndReason | null
  /** True while no account exists: the app opens on Create administrator. */
  firstRun: boolean
  /** The idle sign-out setting, so the UI can say how long "idle" is. */
  idleTimeoutInSeconds: number
  /** The password was right; the window waits for the second factor (no session yet). */
  secondFactorPending: boolean
  /** An administrator who must set up two-factor authentication before anything else. */
  twoFactorSetupRequired: boolean
  /** This window's session is locked: only the Lock screen, with this name, is shown. */
  locked: LockedSessionView | null
  /** For Log in (no one signed in here): every locked session on this workstation. */
  lockedSessions: LockedSessionView[]
  /** The sign-in before this session's, and whether it was made in another window. */
  lastSignedIn: { at: number; fromAnotherWindow: boolean } | null
  /** What idle time does to a session: `lock` it or `logOut`. */
  idleAction: 'lock' | 'logOut'
  /** Signed in: how long, as main counts it now, until idle time locks or ends the session. */
  idleEndsInSeconds: number | null
}

export interface TwoFactorStatus {
  enabled: boolean
  recoveryCodesLeft: number
}

/** Shown once, at set-up: the only time the secret leaves the main process. */
export interface TwoFactorSetup {
  /** The secret in base32, to type into an authenticator app. */
  setupKey: string
  /** The otpauth://totp/ URI the QR code holds. */
  uri: string
  /** The QR code as a data: URL (PNG), drawn in the main process. */
  qrCode: string
}

export interface PasswordRule {
  code: string
  helpText: string
  /** The number a length rule counts to (at least / at most so many characters), so a form can tick it as you type. */
  limit?: number
}
