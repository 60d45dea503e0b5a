import { useEffect, useId, useRef, type ReactNode } from 'react'
import { APP_NAME } from '@shared/product'

interface ScreenProps {
  /** The screen's one <h1>, and the window title. */
  title: string
  children: ReactNode
  /** Screens without a form put focus on their heading, so keyboard and screen-reader users start there. */
  focusHeading?: boolean
  /**
   * How wide the card may grow: `narrow` for a form, `medium` for a page of sections (an account,
   * Settings), `wide` for a table (the Accounts console, the audit trail).
   */
  width?: ScreenWidth
}

export type ScreenWidth = 'narrow' | 'medium' | 'wide'

export function Screen({ title, children, focusHeading = false, width = 'narrow' }: ScreenProps) {
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${title} — ${APP_NAME}`
  }, [title])
  useEffect(() => {
    if (focusHeading) heading.current?.focus()
  }, [focusHeading, title])
  return (
    <main className={`screen screen-${width}`}>
      <section className={`card card-${width}`} aria-labelledby={headingId}>
        <h1 id={headingId} ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {children}
      </section>
    </main>
  )
}
