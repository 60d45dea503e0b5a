/** How the admin screens write times and counts: the person's own locale, as the system sets it. */
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const countFormat = new Intl.NumberFormat()

export const formatDateTime = (epochMilliseconds: number): string => dateTimeFormat.format(epochMilliseconds)

export const formatDate = (epochMilliseconds: number): string => dateFormat.format(epochMilliseconds)

export const formatCount = (count: number): string => countFormat.format(count)

/** "Showing 51–100 of 100,000" for a page of `shown` rows starting at `offset`. */
export const describeRange = (offset: number, shown: number, total: number): string =>
  shown === 0
    ? `Showing 0 of ${formatCount(total)}`
    : `Showing ${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${formatCount(total)}`
