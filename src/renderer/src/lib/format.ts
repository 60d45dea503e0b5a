/** How the admin screens write times and counts: the person's own locale, as the system sets it. */
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const countFormat = new Intl.NumberFormat()

export const formatDateTime = (epochMilliseconds: number): string => dateTimeFormat.format(epochMilliseconds)

export const formatDate = (epochMilliseconds: number): string => dateFormat.format(epochMilliseconds)

export const formatCount = (count: number): string => countFormat.format(count)

/** "1,000" or, when there are more than were counted, "1,000+". */
export const formatTotal = (total: number, atLeast = false): string => `${formatCount(total)}${atLeast ? '+' : ''}`

/** "Showing 51–100 of 100,000" for a page of `shown` rows starting at `offset`. */
export const describeRange = (offset: number, shown: number, total: number, atLeast = false): string =>
  shown === 0
    ? `Showing 0 of ${formatTotal(total, atLeast)}`
    : `Showing ${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${formatTotal(total, atLeast)}`

const dateTimeSecondsFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

/** To the second: the audit trail must tell apart events a few seconds apart. */
export const formatDateTimeSeconds = (epochMilliseconds: number): string =>
  dateTimeSecondsFormat.format(epochMilliseconds)
