/** A short value in a table cell; `warn` and `accent` stand out, the usual values do not. */
export function Flag({ text, tone }: { text: string; tone: 'accent' | 'warn' | 'plain' | 'muted' }) {
  return <span className={`flag flag-${tone}`}>{text}</span>
}
