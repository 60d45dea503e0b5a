import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const COMMON_PASSWORDS_FILE = 'common-passwords.txt'

/** One password a line, lower-cased; see resources/COMMON-PASSWORDS-LICENSE for its source. */
export function loadCommonPasswords(resourcesDir: string): ReadonlySet<string> {
  const text = readFileSync(join(resourcesDir, COMMON_PASSWORDS_FILE), 'utf8')
  const set = new Set<string>()
  for (const line of text.split('\n')) {
    const entry = line.trim().toLowerCase()
    if (entry) set.add(entry)
  }
  return set
}
