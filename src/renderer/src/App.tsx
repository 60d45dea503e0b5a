import { useEffect, useState } from 'react'
import type { SessionView } from '../../shared/views'

export function App() {
  const [session, setSession] = useState<SessionView | null>(null)
  useEffect(() => {
    void window.api.getSession({}).then((result) => {
      if (result.ok) setSession(result.data)
    })
  }, [])
  return (
    <main>
      <h2>Dashboard</h2>
      <p>Hello, {session?.user?.username ?? 'Guest'}!</p>
    </main>
  )
}
