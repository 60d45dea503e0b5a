/**
 * Email addresses as people write them: a domain stored in its ASCII form (`xn--exmple-cua.com`,
 * as a browser's email input or another program may hand it over) is shown as `exämple.com`.
 * The address itself is not changed; only how it reads on screen.
 */

// RFC 3492 parameters for Punycode.
const BASE = 36
const T_MIN = 1
const T_MAX = 26
const SKEW = 38
const DAMP = 700
const INITIAL_BIAS = 72
const INITIAL_N = 128

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1
  d += Math.floor(d / points)
  let k = 0
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN))
    k += BASE
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW))
}

function digitOf(char: string): number {
  const code = char.charCodeAt(0)
  if (code >= 48 && code <= 57) return code - 22 // 0-9 → 26-35
  if (code >= 65 && code <= 90) return code - 65 // A-Z
  if (code >= 97 && code <= 122) return code - 97 // a-z
  throw new Error('not a punycode digit')
}

/** One label's Punycode (without `xn--`) to Unicode; throws on anything malformed. */
export function decodePunycode(input: string): string {
  const basicEnd = input.lastIndexOf('-')
  const output = basicEnd > 0 ? [...input.slice(0, basicEnd)].map((c) => c.codePointAt(0) ?? 0) : []
  let n = INITIAL_N
  let bias = INITIAL_BIAS
  let i = 0
  for (let index = basicEnd > 0 ? basicEnd + 1 : 0; index < input.length;) {
    const oldI = i
    for (let w = 1, k = BASE; ; k += BASE) {
      if (index >= input.length) throw new Error('truncated punycode')
      const digit = digitOf(input[index++])
      i += digit * w
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias
      if (digit < t) break
      w *= BASE - t
    }
    bias = adapt(i - oldI, output.length + 1, oldI === 0)
    n += Math.floor(i / (output.length + 1))
    i %= output.length + 1
    if (n > 0x10ffff) throw new Error('punycode out of range')
    output.splice(i++, 0, n)
  }
  return String.fromCodePoint(...output)
}

const labelToUnicode = (label: string): string => {
  if (!/^xn--/i.test(label)) return label
  try {
    return decodePunycode(label.slice(4))
  } catch {
    // Not valid Punycode after all: shown as it is rather than guessed at.
    return label
  }
}

/** `zoe@xn--exmple-cua.com` → `zoe@exämple.com`; any other address unchanged. */
export function displayEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 0) return email
  const domain = email
    .slice(at + 1)
    .split('.')
    .map(labelToUnicode)
    .join('.')
  return `${email.slice(0, at + 1)}${domain}`
}
