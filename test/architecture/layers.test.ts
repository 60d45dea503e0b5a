import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')
const core = join(root, 'src', 'main', 'core')

interface SourceFile {
  /** Path below src/main/core, with forward slashes. */
  name: string
  text: string
}

function sourceFiles(dir: string): SourceFile[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    if (!/\.tsx?$/.test(entry)) return []
    return [{ name: relative(core, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }]
  })
}

const coreFiles = sourceFiles(core)

/** Lines that prepare, run or spell out SQL, as `file:line text`; comments aside. */
function sqlLines(files: SourceFile[]): string[] {
  return files.flatMap(({ name, text }) =>
    text
      .split('\n')
      .map((line, index) => ({ line: line.trim(), at: `${name}:${index + 1}` }))
      .filter(({ line }) => !line.startsWith('*') && !line.startsWith('//'))
      .filter(({ line }) =>
        /\.(prepare|pragma|exec)\(\s*['"`]|['"`]\s*(SELECT|INSERT|UPDATE|DELETE|PRAGMA)\s/.test(line)
      )
      .map(({ at, line }) => `${at} ${line}`)
  )
}
const lineCount = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0)

/**
 * Each capability folder may grow to this many lines before it asks to be split by job (not by a
 * line cap per file). A folder past it is a sign two capabilities share a room.
 */
const FOLDER_BUDGET_LINES = 1_200

describe('src/main/core', () => {
  it('holds no SQL: statements live in the repositories of src/main/db', () => {
    expect(sqlLines(coreFiles)).toEqual([])
    // The scan reads real files, in the capability folders too.
    expect(coreFiles.map(({ name }) => name)).toContain('accounts/accounts.ts')
  })

  it('keeps only the composition root at its top; everything else lives in a capability folder', () => {
    const atTop = coreFiles.filter(({ name }) => !name.includes('/')).map(({ name }) => name)
    expect(atTop).toEqual(['services.ts'])
  })

  it(`keeps each capability folder within ${FOLDER_BUDGET_LINES} lines`, () => {
    const perFolder = new Map<string, number>()
    for (const { name, text } of coreFiles) {
      const folder = name.includes('/') ? name.slice(0, name.indexOf('/')) : '.'
      perFolder.set(folder, (perFolder.get(folder) ?? 0) + lineCount(text))
    }
    const over = [...perFolder].filter(([, lines]) => lines > FOLDER_BUDGET_LINES)
    expect(over).toEqual([])
    expect(perFolder.size).toBeGreaterThan(5)
  })
})

describe('scripts', () => {
  it('hold no SQL: the terminal commands and the benchmark use the repositories of src/main/db', () => {
    const scripts = sourceFiles(join(root, 'scripts'))
    expect(scripts.map(({ name }) => name)).toContain('../../../scripts/lib/seed-accounts.ts')
    expect(sqlLines(scripts)).toEqual([])
  })
})

describe('file names', () => {
  it('never repeats one name across src/main layers for different things', () => {
    const byName = new Map<string, string[]>()
    const main = join(root, 'src', 'main')
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry)
        if (statSync(path).isDirectory()) walk(path)
        else if (/\.tsx?$/.test(entry) && entry !== 'index.ts') {
          byName.set(entry, [...(byName.get(entry) ?? []), relative(main, path)])
        }
      }
    }
    walk(main)
    const repeated = [...byName].filter(([, paths]) => paths.length > 1)
    expect(repeated).toEqual([])
  })
})
