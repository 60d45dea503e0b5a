import type { ApiError, FieldError } from '../../shared/result'

/**
 * An expected failure with a stable code. Services throw it; the router turns it into a
 * `{ ok: false, error }` result. Anything else thrown is an internal error.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: Record<string, FieldError[]>,
    readonly params?: Record<string, string | number>
  ) {
    super(message)
    this.name = 'AppError'
  }

  toApiError(): ApiError {
    const error: ApiError = { code: this.code, message: this.message }
    if (this.fields) error.fields = this.fields
    if (this.params) error.params = this.params
    return error
  }
}

/** Collects field errors so every failure is reported together. */
export class FieldErrors {
  private readonly byField: Record<string, FieldError[]> = {}

  add(field: string, error: FieldError | FieldError[]): void {
    const list = Array.isArray(error) ? error : [error]
    if (list.length === 0) return
    ;(this.byField[field] ??= []).push(...list)
  }

  get isEmpty(): boolean {
    return Object.keys(this.byField).length === 0
  }

  /** The error reporting everything collected. */
  toError(): AppError {
    return new AppError('validation_failed', 'Please correct the errors below.', this.byField)
  }

  throwIfAny(): void {
    if (!this.isEmpty) throw this.toError()
  }
}

export const invalidCredentials = (): AppError =>
  new AppError(
    'invalid_credentials',
    'Please enter a correct username or email and password. Both fields may be case-sensitive.'
  )
