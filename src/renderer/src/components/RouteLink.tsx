import type { ReactNode } from 'react'
import { hrefFor, type Route } from '../lib/routes'

interface RouteLinkProps {
  to: Route
  children: ReactNode
  /** Looks like a button (a main action) or a menu row rather than a text link. */
  asButton?: 'primary' | 'secondary' | 'row'
  /** Shown on hover: the whole text where the link's own is cut short. */
  title?: string
}

/** A real link to another screen: its href is the route's hash, so it works like any link. */
export function RouteLink({ to, children, asButton, title }: RouteLinkProps) {
  const className = asButton ? `button button-${asButton}` : 'link'
  return (
    <a href={hrefFor(to)} className={className} title={title}>
      {children}
    </a>
  )
}
