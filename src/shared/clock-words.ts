/**
 * Times as the reset emails and the Mail log write them: in UTC, saying so, so that a message's
 * time and the expiry written inside it are read in the same zone wherever they are read.
 * `2026-01-01 01:00 UTC`, or with seconds `2026-01-01 01:00:05 UTC`.
 */
export function utcTime(at: number, withSeconds = false): string {
  const iso = new Date(at).toISOString()
  return `${iso.slice(0, withSeconds ? 19 : 16).replace('T', ' ')} UTC`
}
