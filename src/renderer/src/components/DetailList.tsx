import type { ReactNode } from 'react'
import './details.css'

/** Terms and their values, side by side: `<dt>`/`<dd>` pairs as children. */
export function DetailList({ children }: { children: ReactNode }) {
  return <dl className="details">{children}</dl>
}
