import { describe, expect, it } from 'vitest'
import { countOf } from '../../src/shared/plural'
import { decodePunycode, displayEmail } from '../../src/renderer/src/lib/idn'
import { passwordChecklist } from '../../src/renderer/src/lib/password-checklist'

describe('displayEmail', () => {
  it('shows an IDN domain in Unicode, as its owner wrote it', () => {
    expect(displayEmail('zoe@xn--exmple-cua.com')).toBe('zoe@exämple.com')
    expect(displayEmail('ana@xn--mnchen-3ya.xn--bcher-kva.example')).toBe('ana@münchen.bücher.example')
    expect(displayEmail('li@xn--fiqs8s.cn')).toBe('li@中国.cn')
  })

  it('leaves plain and malformed addresses alone', () => {
    expect(displayEmail('alice@example.com')).toBe('alice@example.com')
    expect(displayEmail('zoe@exämple.com')).toBe('zoe@exämple.com')
    expect(displayEmail('odd@xn--!!!.com')).toBe('odd@xn--!!!.com')
    expect(displayEmail('no-at-sign')).toBe('no-at-sign')
  })

  it('decodes the RFC 3492 sample strings', () => {
    // RFC 3492 section 7.1, (A) Arabic (Egyptian) and (L) Japanese.
    expect(decodePunycode('egbpdaj6bu4bxfgehfvwxn')).toBe('ليهمابتكلموشعربي؟')
    expect(decodePunycode('3B-ww4c5e180e575a65lsy2b')).toBe('3年B組金八先生')
  })
})

describe('countOf', () => {
  it('says one minute, and minutes for every other count', () => {
    expect(countOf(1, 'minute', 'minutes')).toBe('1 minute')
    expect(countOf(0, 'minute', 'minutes')).toBe('0 minutes')
    expect(countOf(2, 'administrator', 'administrators')).toBe('2 administrators')
    expect(countOf(21, 'administrator', 'administrators')).toBe('21 administrators')
  })
})

describe('passwordChecklist', () => {
  const rules = [
    { code: 'password_too_short', helpText: 'At least 8', limit: 8 },
    { code: 'password_too_common', helpText: 'Not common' },
    { code: 'password_entirely_numeric', helpText: 'Not numeric' },
    { code: 'password_too_long', helpText: 'At most 1024', limit: 1024 }
  ]
  const states = (password: string) =>
    Object.fromEntries(passwordChecklist(rules, password).map((item) => [item.code, item.state]))

  it('ticks length and digits as the password is typed, and leaves the rest to main', () => {
    expect(states('')).toEqual({
      password_too_short: 'unmet',
      password_too_common: 'waiting',
      password_entirely_numeric: 'waiting'
    })
    expect(states('1234567')).toEqual({
      password_too_short: 'unmet',
      password_too_common: 'on-submit',
      password_entirely_numeric: 'unmet'
    })
    expect(states('Lantern-orchard-58')).toEqual({
      password_too_short: 'met',
      password_too_common: 'on-submit',
      password_entirely_numeric: 'met'
    })
  })

  it('counts characters as people do, and shows the upper limit only near it', () => {
    expect(states('éééééééé').password_too_short).toBe('met')
    expect(states('😀😀😀😀😀😀😀').password_too_short).toBe('unmet')
    expect(states('a'.repeat(1000)).password_too_long).toBe('met')
    expect(states('a'.repeat(1025)).password_too_long).toBe('unmet')
  })
})
