import type { ErrorCode } from './errors'

/** What every IPC call answers: a value, or an error with a stable snake_case code. */
export interface FieldError {
  code: ErrorCode
  message: string
  params?: Record<string, string | number>
}

export interface ApiError {
  code: ErrorCode
  message: string
  /** Field name → every failure for that field, reported together. */
  fields?: Record<string, FieldError[]>
  params?: Record<string, string | number>
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError }
