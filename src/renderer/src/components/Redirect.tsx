import { useEffect } from 'react'
import type { Route } from '../lib/routes'
import { useRouter } from '../store/router'

/** Replaces the current screen with `to` (Back does not return to the refused one). */
export function Redirect({ to }: { to: Route }) {
  const replace = useRouter((state) => state.replace)
  useEffect(() => replace(to), [replace, to])
  return null
}
