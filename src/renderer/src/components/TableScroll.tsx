import type { ReactNode } from 'react'
import './data-table.css'

/**
 * A table that scrolls inside its card. Keyboard users scroll it too: it takes focus (arrow keys
 * then scroll it) and is a named region, so a screen reader says what the focus landed on.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  )
}
