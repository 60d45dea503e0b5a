import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ESLint, type Linter } from 'eslint'
import tseslint from 'typescript-eslint'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * The layer rules of eslint.config.mjs, seen to bite. Each fixture names the path it is linted as
 * (a file inside the layer it tests; nothing is written under src) and either the ban it breaks
 * or "clean". A fixture that breaks a ban must be reported by that ban; a clean one must pass.
 */
const root = join(__dirname, '..', '..')
const fixturesDir = join(__dirname, 'lint-fixtures')

interface Fixture {
  name: string
  lintAs: string
  /** The ban's message, or null for a fixture that must pass. */
  breaks: string | null
  text: string
}

function readFixture(name: string): Fixture {
  const text = readFileSync(join(fixturesDir, name), 'utf8')
  const lintAs = /^\/\/ lint as: (\S+)$/m.exec(text)?.[1]
  const verdict = /^\/\/ (clean|breaks: (.+))$/m.exec(text)
  if (!lintAs || !verdict)
    throw new Error(`${name} must say "// lint as: <path>" and "// clean" or "// breaks: <message>"`)
  return { name, lintAs, breaks: verdict[2] ?? null, text }
}

const fixtures = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.ts.fixture'))
  .sort()
  .map(readFixture)
const breaking = fixtures.filter((fixture) => fixture.breaks !== null)
const clean = fixtures.filter((fixture) => fixture.breaks === null)

/** Import bans are syntactic; type-aware rules are off so a path that is not on disk can be linted. */
let eslint: ESLint
beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked as Linter.Config })
})

async function lint(fixture: Fixture): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(fixture.text, { filePath: join(root, fixture.lintAs) })
  return result.messages
}

async function bansFor(path: string): Promise<{ group: string[]; message: string }[]> {
  const config = (await eslint.calculateConfigForFile(join(root, path))) as Linter.Config
  const rule = config.rules?.['no-restricted-imports']
  if (!Array.isArray(rule)) return []
  return (rule[1] as { patterns: { group: string[]; message: string }[] }).patterns
}

describe('the layer rules in eslint.config.mjs', () => {
  it('has fixtures to check', () => {
    expect(breaking.length).toBeGreaterThanOrEqual(15)
    expect(clean.length).toBeGreaterThanOrEqual(8)
  })

  it.each(breaking.map((fixture) => [fixture.name, fixture] as const))('reports %s', async (_name, fixture) => {
    const messages = await lint(fixture)
    const importLine = fixture.text.split('\n').findIndex((line) => line.startsWith('import ')) + 1
    expect(messages.map(({ ruleId, line, message }) => ({ ruleId, line, message }))).toEqual([
      { ruleId: 'no-restricted-imports', line: importLine, message: expect.stringContaining(fixture.breaks!) }
    ])
  })

  it.each(clean.map((fixture) => [fixture.name, fixture] as const))('passes %s', async (_name, fixture) => {
    expect(await lint(fixture)).toEqual([])
  })

  it('has a breaking fixture for every ban on every layer with a clean fixture', async () => {
    const bans = new Set<string>()
    for (const fixture of clean) for (const { message } of await bansFor(fixture.lintAs)) bans.add(message)
    const broken = new Set(breaking.map((fixture) => fixture.breaks))
    expect([...bans].filter((message) => !broken.has(message))).toEqual([])
    expect(bans.size).toBeGreaterThanOrEqual(7)
  })

  it('gives a db file every ban around it: ipc, the hosts, electron and core', async () => {
    const groups = (await bansFor('src/main/db/users-repository.ts')).flatMap(({ group }) => group)
    expect(groups).toEqual(
      expect.arrayContaining(['**/ipc/**', '**/desktop/**', '**/preview/**', 'electron', '**/core/**'])
    )
  })

  it('gives a core file the bans on ipc, the hosts and electron', async () => {
    const groups = (await bansFor('src/main/core/login/login.ts')).flatMap(({ group }) => group)
    expect(groups).toEqual(expect.arrayContaining(['**/ipc/**', '**/desktop/**', '**/preview/**', 'electron']))
    expect(groups).not.toContain('**/core/**')
  })

  it('gives every renderer feature folder the renderer bans and the bans on every other feature', async () => {
    const features = readdirSync(join(root, 'src/renderer/src/features'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
    expect(features.length).toBeGreaterThan(3)
    for (const feature of features) {
      const groups = (await bansFor(`src/renderer/src/features/${feature}/any.tsx`)).flatMap(({ group }) => group)
      const others = features.filter((other) => other !== feature).map((other) => `**/features/${other}/**`)
      expect(groups).toEqual(expect.arrayContaining(['**/main/**', 'electron', 'node:*', ...others]))
      expect(groups).not.toContain(`**/features/${feature}/**`)
    }
  })
})

describe('the function length rule in eslint.config.mjs', () => {
  /** A function of `lines` lines, counting its first and last, with blank lines and comments between. */
  const functionOf = (lines: number): string =>
    [
      'export function long(): number {',
      '  let total = 0',
      ...Array.from({ length: lines - 4 }, (_, i) => `  total += ${i}\n\n  // a comment does not count`),
      '  return total',
      '}',
      ''
    ].join('\n')

  it.each(['src/main/core/login/__fixture__.ts', 'src/main/desktop/__fixture__.ts', 'scripts/lib/__fixture__.ts'])(
    'refuses a function of 81 lines in %s and allows one of 80',
    async (path) => {
      const lint = async (text: string) => (await eslint.lintText(text, { filePath: join(root, path) }))[0].messages
      expect((await lint(functionOf(81))).map(({ ruleId }) => ruleId)).toEqual(['max-lines-per-function'])
      expect(await lint(functionOf(80))).toEqual([])
    }
  )
})
