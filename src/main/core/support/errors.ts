import { errorMessage, type ErrorCode, type ErrorParams } from '../../../shared/errors'
import type { ApiError, FieldError } from '../../../shared/result'

import { fieldError } from '../../../shared/errors'

export { fieldError }

/**
 * An expected failure with a stable code. Services throw it; the router turns it into a
 * `{ ok: false, error }` result. Anything else thrown is an internal error. Its message is the
 * code's wording in the shared table (src/shared/errors.ts), the one the renderer shows.
 */
export class AppError extends Error {
  readonly fields?: Record<string, FieldError[]>
  readonly params?: ErrorParams

  constructor(
    readonly code: ErrorCode,
    details: { fields?: Record<string, FieldError[]>; params?: ErrorParams } = {}
  ) {
    super(errorMessage(code, details.params))
    this.name = 'AppError'
    if (details.fields) this.fields = details.fields
    if (details.params) this.params = details.params
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
    return new AppError('validation_failed', { fields: this.byField })
  }

  throwIfAny(): void {
    if (!this.isEmpty) throw this.toError()
  }
}

/** `params`: the warning before the attempt that locks the name (`attemptsLeft`, `minutes`). */
export const invalidCredentials = (params?: { attemptsLeft: number; minutes: number }): AppError =>
  new AppError('invalid_credentials', params ? { params } : {})

/** A validation failure of one field (a wrong old password, a wrong code), shown beside that field. */
export const fieldFailure = (field: string, code: ErrorCode): AppError =>
  new AppError('validation_failed', { fields: { [field]: [fieldError(code)] } })
