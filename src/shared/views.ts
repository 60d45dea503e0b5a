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

export type SessionEndReason = 'idle' | 'expired' | 'password_changed' | 'revoked'

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
