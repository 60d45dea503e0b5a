/**
 * A small RFC 4180 CSV reader and writer: comma-separated, fields with a comma, quote, CR or LF
 * quoted with doubled quotes, CRLF between records. The reader also takes LF alone and a UTF-8
 * byte-order mark (Excel writes one).
 */

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab or CR, which some strip first) as a
 * formula. Exported cells hold what people typed (names, addresses, audit details), so such a
 * cell gets a leading apostrophe, which spreadsheets show as text and do not evaluate.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

function field(value: string | number | boolean | null): string {
  const text = value === null ? '' : neutralise(String(value))
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** One record, ending in CRLF. */
export const csvRecord = (values: readonly (string | number | boolean | null)[]): string =>
  `${values.map(field).join(',')}\r\n`

export class CsvError extends Error {}

/** Every record of `text` as arrays of fields; a quote left open throws, naming the line. */
export function parseCsv(text: string): string[][] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  const records: string[][] = []
  let record: string[] = []
  let value = ''
  let quoted = false
  let line = 1
  let quoteLine = 0
  for (let i = 0; i < source.length; i++) {
    const char = source[i]
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        value += '"'
        i++
      } else if (char === '"') quoted = false
      else {
        if (char === '\n') line++
        value += char
      }
    } else if (char === '"' && value === '') {
      quoted = true
      quoteLine = line
    } else if (char === ',') {
      record.push(value)
      value = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++
      record.push(value)
      records.push(record)
      record = []
      value = ''
      line++
    } else value += char
  }
  if (quoted) throw new CsvError(`a quoted field opened on line ${quoteLine} is never closed`)
  if (value !== '' || record.length > 0) records.push([...record, value])
  return records
}
