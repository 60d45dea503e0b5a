/** English plural categories (one, other), as the wording is English: "1 minute", "2 minutes". */
const rules = new Intl.PluralRules('en')

/** `count` and the word in the form its number takes: `countOf(1, 'minute', 'minutes')` is "1 minute". */
export const countOf = (count: number, one: string, other: string): string =>
  `${count} ${rules.select(count) === 'one' ? one : other}`
