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
}

export interface PasswordRule {
  code: string
  helpText: string
}
