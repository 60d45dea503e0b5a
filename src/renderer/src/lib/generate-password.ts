/**
 * Letters and digits that cannot be mistaken for one another when read aloud or copied by hand
 * (no 0, O, 1, l, I): 57 symbols, about 5.8 bits each.
 */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'

/** 16 symbols: about 93 bits, far past any guessing, in four groups of four that are easy to read out. */
const DEFAULT_SYMBOLS = 16
const GROUP = 4

/** Random bytes from the platform's generator (crypto.getRandomValues), never Math.random. */
export type RandomBytes = (count: number) => Uint8Array

const platformRandom: RandomBytes = (count) => crypto.getRandomValues(new Uint8Array(count))

/** `count` symbols drawn without bias: bytes past the last whole multiple of the alphabet are drawn again. */
function symbols(count: number, random: RandomBytes): string[] {
  const ceiling = 256 - (256 % ALPHABET.length)
  const out: string[] = []
  while (out.length < count) {
    for (const byte of random(count)) {
      if (byte < ceiling && out.length < count) out.push(ALPHABET[byte % ALPHABET.length])
    }
  }
  return out
}

/**
 * A strong password for an administrator to hand over: random letters and digits, grouped by
 * hyphens, at least `minLength` characters and at most `maxLength` (main's rules: a long random
 * string is never common, never numeric and never like a name). Main checks every rule again.
 */
export function generatePassword(
  rules: { minLength?: number; maxLength?: number } = {},
  random: RandomBytes = platformRandom
): string {
  const minLength = rules.minLength ?? 0
  const maxLength = rules.maxLength ?? Infinity
  const grouped = (count: number): number => count + Math.ceil(count / GROUP) - 1
  let count = DEFAULT_SYMBOLS
  while (grouped(count) < minLength) count += GROUP
  if (grouped(count) <= maxLength) {
    const drawn = symbols(count, random)
    const groups = Array.from({ length: count / GROUP }, (_, i) => drawn.slice(i * GROUP, (i + 1) * GROUP).join(''))
    return groups.join('-')
  }
  // A minimum so near the maximum that hyphens would not fit: plain symbols.
  return symbols(Math.max(minLength, DEFAULT_SYMBOLS), random).join('')
}
