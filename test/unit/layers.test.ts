import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const core = join(__dirname, '..', '..', 'src', 'main', 'core')
const coreFiles = readdirSync(core)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(core, name), 'utf8') }))

describe('src/main/core', () => {
  it('holds no SQL: statements live in the repositories of src/main/db', () => {
    const offenders = coreFiles.flatMap(({ name, text }) =>
      text
        .split('\n')
        .map((line, index) => ({ line: line.trim(), at: `${name}:${index + 1}` }))
        .filter(({ line }) => !line.startsWith('*') && !line.startsWith('//'))
        .filter(({ line }) =>
          /\.(prepare|pragma|exec)\(\s*['"`]|['"`]\s*(SELECT|INSERT|UPDATE|DELETE|PRAGMA)\s/.test(line)
        )
        .map(({ at, line }) => `${at} ${line}`)
    )
    expect(offenders).toEqual([])
    // The scan reads real files: core is not empty.
    expect(coreFiles.map(({ name }) => name)).toContain('accounts.ts')
  })

  it('keeps every module within 250 lines', () => {
    const long = coreFiles
      .map(({ name, text }) => ({ name, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) }))
      .filter(({ lines }) => lines > 250)
    expect(long).toEqual([])
  })
})
