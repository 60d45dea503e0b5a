/**
 * The limits of what people type, each said once: the core enforces them and the wording in
 * errors.ts, the settings schema and the screens' help read them from here.
 */

/** Usernames: 1–150 characters, as Django's. */
export const USERNAME_MAX_CHARS = 150
/** The longest address SMTP can deliver to (RFC 5321's path limit less the angle brackets). */
export const EMAIL_MAX_CHARS = 254
/** The hard ceiling on password length, whatever the settings: a clear error, not a slow hash. */
export const PASSWORD_MAX_CHARS = 1024
/** The minimum password length when the settings do not say otherwise. */
export const DEFAULT_PASSWORD_MIN_LENGTH = 8
/**
 * The longest one argon2id hash may take on this machine for values saved on the Settings
 * screen: every login, and every failed one, waits that long.
 */
export const HASHING_TIME_LIMIT_MS = 3000
/** Reset codes: 16 characters of Crockford base32, shown in groups of 4. */
export const RESET_CODE_CHARS = 16
