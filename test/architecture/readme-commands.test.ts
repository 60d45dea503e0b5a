import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')
const read = (path: string): string => readFileSync(join(root, path), 'utf8')

/** The commands of the README's command table, as a newcomer would copy them. */
function readmeCommands(): string[] {
  return read('README.md')
    .split('\n')
    .filter((line) => line.startsWith('| `npm run'))
    .map((line) => /^\| `((?:[^`\\]|\\.)+)`/.exec(line)?.[1].replaceAll('\\|', '|') ?? '')
}

/** The `npm run … -- …` lines of a script's own usage text (what `--help` prints). */
function usageLines(script: string): string[] {
  const source = read(`scripts/${script}.ts`)
  const usage = /const usage = `([^`]*)`/.exec(source)?.[1] ?? ''
  return [...usage.matchAll(/npm run \S+ -- [^\n]*/g)].map((match) => match[0].trim())
}

describe("the README's command table", () => {
  it.each(['accounts', 'audit', 'backup', 'restore'])(
    'lists `npm run %s` with exactly the options the script accepts',
    (script) => {
      const lines = usageLines(script)
      expect(lines.length).toBeGreaterThan(0)
      expect(readmeCommands()).toEqual(expect.arrayContaining(lines))
      expect(JSON.parse(read('package.json')).scripts).toHaveProperty(script)
    }
  )
})
