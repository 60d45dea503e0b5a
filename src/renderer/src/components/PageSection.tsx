import './page-section.css'
import type { ReactNode } from 'react'

/** Headed, but not a named region: its name would clash with field labels ("Temporary password"). */
export function PageSection({
  title,
  danger = false,
  children
}: {
  title: string
  danger?: boolean
  children: ReactNode
}) {
  return (
    <section className={danger ? 'page-section page-section-danger' : 'page-section'}>
      <h2>{title}</h2>
      {children}
    </section>
  )
}
