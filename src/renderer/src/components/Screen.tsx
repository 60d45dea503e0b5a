import { useEffect, useId, useRef, type ReactNode } from 'react'

interface ScreenProps {
  /** The screen's one <h1>, and the window title. */
  title: string
  children: ReactNode
  /** Screens without a form put focus on their heading, so keyboard and screen-reader users start there. */
  focusHeading?: boolean
}

export function Screen({ title, children, focusHeading = false }: ScreenProps) {
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${title} — Local Accounts`
  }, [title])
  useEffect(() => {
    if (focusHeading) heading.current?.focus()
  }, [focusHeading, title])
  return (
    <main className="screen">
      <section className="card" aria-labelledby={headingId}>
        <h1 id={headingId} ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {children}
      </section>
    </main>
  )
}
