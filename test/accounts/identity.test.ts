import { describe, expect, it } from 'vitest'
import {
  emailErrors,
  emailKey,
  normalizeEmail,
  normalizeUsername,
  usernameErrors,
  usernameKey
} from '../../src/main/core/accounts/identity'

const codes = (errors: { code: string }[]): string[] => errors.map((error) => error.code)

describe('usernames', () => {
  it('are NFKC-normalised: fullwidth and compatibility forms become the plain letters', () => {
    expect(normalizeUsername('ａｌｉｃｅ')).toBe('alice')
    expect(normalizeUsername('ﬁona')).toBe('fiona')
  })

  it('compare ignoring case, including case folds that change length', () => {
    expect(usernameKey('Alice')).toBe(usernameKey('aLICE'))
    expect(usernameKey('ＡＬＩＣＥ')).toBe(usernameKey('alice'))
    expect(usernameKey('STRASSE')).toBe(usernameKey('straße'))
  })

  it('take letters of any script, digits and @ . + - _', () => {
    for (const name of ['alice', 'user.name+tag-x_y@z', 'José', 'Zoë', 'Σωκράτης', '用户', 'a', '007']) {
      expect(usernameErrors(normalizeUsername(name)), name).toEqual([])
    }
  })

  it('refuse spaces, punctuation and control characters', () => {
    for (const name of ['a b', ' alice', 'alice!', 'al/ice', "o'brien", 'tab\there', 'semi;colon', 'nul\u0000']) {
      expect(codes(usernameErrors(normalizeUsername(name))), name).toEqual(['username_invalid'])
    }
  })

  it('have 1 to 150 characters', () => {
    expect(codes(usernameErrors(''))).toEqual(['username_required'])
    expect(usernameErrors('a'.repeat(150))).toEqual([])
    expect(usernameErrors('a'.repeat(151))).toEqual([
      expect.objectContaining({ code: 'username_too_long', params: { max: 150, length: 151 } })
    ])
  })

  it('count characters, not UTF-16 units', () => {
    expect(usernameErrors('𝒜'.normalize('NFKC').repeat(150))).toEqual([])
    expect(usernameErrors('𠀀'.repeat(150))).toEqual([])
    expect(codes(usernameErrors('𠀀'.repeat(151)))).toEqual(['username_too_long'])
  })
})

describe('email addresses', () => {
  it('accept ordinary addresses', () => {
    for (const email of ['alice@example.com', 'a.b+c@mail.example.org', 'x@sub-domain.example.co.uk']) {
      expect(emailErrors(normalizeEmail(email)), email).toEqual([])
    }
  })

  it('refuse what is not an address', () => {
    for (const email of [
      'alice',
      'alice@',
      '@example.com',
      'alice@example',
      'a b@example.com',
      'a@@example.com',
      'a@-x.com'
    ]) {
      expect(codes(emailErrors(normalizeEmail(email))), email).toEqual(['email_invalid'])
    }
    expect(codes(emailErrors(''))).toEqual(['email_required'])
    expect(codes(emailErrors(`${'a'.repeat(250)}@example.com`))).toEqual(['email_invalid'])
  })

  it('compare ignoring case and surrounding spaces', () => {
    expect(emailKey(' Alice@Example.COM ')).toBe(emailKey('alice@example.com'))
  })
})
