/**
 * Text from a Django file, made safe to print in a terminal report: control characters (C0,
 * DEL, C1: escape sequences that clear the screen or retitle the terminal) and bidirectional
 * controls (U+202A–202E, U+2066–2069, and the marks U+200E/200F/061C, which make a line read
 * as another) are shown as `\u…` escapes, and anything longer than `max` characters is cut with
 * its length said, so one 10,000-character name cannot bury the report.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

export const REPORT_FIELD_MAX = 80

export function shown(text: string, max = REPORT_FIELD_MAX): string {
  const characters = [...text]
  const cut = characters.length > max ? `${characters.slice(0, max).join('')}… (${characters.length} characters)` : text
  return cut.replace(UNSAFE, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
