import { useEffect, useState } from 'react'

/** `value`, once it has stayed the same for `delayInMilliseconds` (typing in a search box). */
export function useDebouncedValue<T>(value: T, delayInMilliseconds: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delayInMilliseconds)
    return () => window.clearTimeout(timer)
  }, [value, delayInMilliseconds])
  return settled
}
