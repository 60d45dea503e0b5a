import { describe, expect, it } from 'vitest'
import { parseDjangoTime } from '../../scripts/lib/django-source'

describe("Django's datetimes, as SQLite and dumpdata write them", () => {
  it('reads SQLite text (UTC, microseconds) and dumpdata ISO strings (Z or an offset) as the same instant', () => {
    const instant = Date.UTC(2019, 2, 1, 9, 30, 15, 123)
    expect(parseDjangoTime('2019-03-01 09:30:15.123456')).toBe(instant)
    expect(parseDjangoTime('2019-03-01T09:30:15.123Z')).toBe(instant)
    expect(parseDjangoTime('2019-03-01T11:30:15.123+02:00')).toBe(instant)
    expect(parseDjangoTime('2019-03-01T04:00:15.123-0530')).toBe(instant)
    expect(parseDjangoTime('2026-10-02 17:45:00')).toBe(Date.UTC(2026, 9, 2, 17, 45))
  })

  it('takes a time without a zone (USE_TZ = False) as UTC, whatever the local zone', () => {
    expect(parseDjangoTime('2019-03-01T09:30')).toBe(Date.UTC(2019, 2, 1, 9, 30))
  })

  it('gives null for no time and for what is not a date', () => {
    expect(parseDjangoTime(null)).toBeNull()
    expect(parseDjangoTime('yesterday')).toBeNull()
    expect(parseDjangoTime('2019-03-01')).toBeNull()
  })
})
