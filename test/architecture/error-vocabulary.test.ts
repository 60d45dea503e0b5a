import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/main/core/support/errors'
import { messageFor } from '../../src/renderer/src/lib/messages'
import { AUDIT_KINDS } from '../../src/shared/audit-kinds'
import { ERROR_CODES, errorMessage, isErrorCode } from '../../src/shared/errors'

const root = join(__dirname, '..', '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(name) ? [path] : []
  })
}

/** Every quoted snake_case word after one of `prefixes`, in main, shared and the scripts. */
function literalsAfter(prefixes: RegExp): Map<string, string> {
  const found = new Map<string, string>()
  for (const dir of ['src/main', 'src/shared', 'scripts']) {
    for (const file of sourceFiles(join(root, dir))) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(new RegExp(`(?:${prefixes.source})'([a-z][a-z0-9_]*)'`, 'g'))) {
        found.set(match[1], file.slice(root.length + 1))
      }
    }
  }
  return found
}

/**
 * Every quoted word on a core line that names an audit kind (`kind:`, `auditKind:`, an admin's
 * `record`). The type checker holds `audit.record` to the list; this catches a kind passed on as text.
 */
function kindsRecorded(): Map<string, string> {
  const found = new Map<string, string>()
  for (const dir of ['src/main/core']) {
    for (const file of sourceFiles(join(root, dir))) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!/\b(kind|auditKind): '|this\.record\(admin, /.test(line)) continue
        for (const match of line.matchAll(/'([a-z][a-z0-9_]*)'/g)) {
          if (match[1] !== 'success' && match[1] !== 'failure') found.set(match[1], file.slice(root.length + 1))
        }
      }
    }
  }
  return found
}

describe('the error vocabulary', () => {
  it('gives every code words, with and without its parameters', () => {
    for (const code of ERROR_CODES) {
      expect(errorMessage(code), code).toMatch(/\S/)
      expect(
        errorMessage(code, { minutes: 2, username: 'alice', reason: 'refused', min: 8, max: 9, source: 'X' }),
        code
      ).not.toMatch(/undefined|\[object/)
    }
  })

  it('lists every code that main throws or returns', () => {
    const codes = literalsAfter(/new AppError\(|[fF]ieldError\(|codeError\(|apiError\(|code: /)
    const unknown = [...codes].filter(([code]) => !code.startsWith('sqlite') && !isErrorCode(code))
    expect(unknown).toEqual([])
    // The scan itself works: it finds codes from main, shared and the router.
    expect([...codes.keys()]).toEqual(expect.arrayContaining(['locked_out', 'setting_too_small', 'invalid_input']))
  })

  it('words a code the same in main and in the window', () => {
    const error = new AppError('locked_out', { params: { minutes: 1 } }).toApiError()
    expect(error.message).toBe(
      'Too many failed attempts for this username. Try again in 1 minute, or ask an administrator to unlock it.'
    )
    expect(messageFor(error)).toBe(error.message)
    for (const code of ERROR_CODES) {
      expect(messageFor({ code, message: 'main said something else' })).toBe(new AppError(code).message)
    }
  })

  it('shows main’s own words for a code this window does not know', () => {
    expect(messageFor({ code: 'from_a_newer_main' as never, message: 'Newer words.' })).toBe('Newer words.')
  })
})

describe('the audit kinds', () => {
  it('lists every kind core records, once each', () => {
    const kinds = AUDIT_KINDS.map(({ kind }) => kind)
    expect(new Set(kinds).size).toBe(kinds.length)
    const recorded = kindsRecorded()
    const known = new Set<string>(kinds)
    for (const kind of ['sign_up', 'admin_create', 'admin_unlock', 'directory_reachable']) {
      expect(recorded.has(kind), kind).toBe(true)
    }
    expect([...recorded].filter(([kind]) => !known.has(kind))).toEqual([])
  })
})
