import type { Db } from './database'

/**
 * Letters that carry no combining mark to strip, so NFKD leaves them as they are, written the
 * way people type them without the key: `łukasz` is found by `lukasz`, `søren` by `soren`.
 */
const SPECIAL_LETTERS: Record<string, string> = {
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ø: 'o',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŀ: 'l',
  ŧ: 't'
}
const specialLetter = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'gu')
const combiningMark = /\p{M}/gu

/**
 * The form the console searches and sorts by: lower case, compatibility-decomposed, without
 * accents and with the special letters spelled out, so `José`, `JOSE` and `jose` are one word
 * and `łoconnor` sorts among the l's. Lower case first: `İ` and `ẞ` lower to forms that then fold.
 */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(combiningMark, '')
    .replace(specialLetter, (letter) => SPECIAL_LETTERS[letter])
}

/** The words of a search, each folded: every one must occur in the name or the email. */
export const searchWords = (search: string): string[] =>
  foldForSearch(search)
    .split(/\s+/u)
    .filter((word) => word.length > 0)

/**
 * Makes `fold_key(text)` available to SQL on this connection: migration 12's triggers keep the
 * folded columns with it, so every writer (sign-up, console, import, seeding) folds alike.
 */
export function registerSearchFold(db: Db): void {
  db.function('fold_key', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? foldForSearch(text) : text
  )
  deferSearchIndex(db, false)
}

/**
 * While deferred on this connection, inserted accounts skip the trigram index and the writer
 * adds them in one statement before its commit (`indexAccountsFrom`): seeding a million accounts
 * then costs a bulk build instead of a million small index updates.
 */
export function deferSearchIndex(db: Db, deferred: boolean): void {
  db.function('search_index_deferred', { deterministic: false }, () => (deferred ? 1 : 0))
}

/** Adds the accounts from id `firstId` on to the trigram index; inside the writer's transaction. */
export function indexAccountsFrom(db: Db, firstId: number): void {
  db.prepare(
    `INSERT INTO users_search (rowid, name_fold, email_fold)
     SELECT id, name_fold || char(1, 1), email_fold || char(1, 1) FROM users WHERE id >= ?`
  ).run(firstId)
}
