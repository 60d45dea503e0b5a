import { useState } from 'react'
import { unreachableMessage } from '@/lib/messages'
import { DASHBOARD } from '@/lib/routes'
import { useRouter } from '@/store/router'
import { refreshIfSessionChanged, useSession } from '@/store/session'

/** Ends this window's session in main, then shows the Dashboard as a guest. */
export function LogOutButton() {
  const [pending, setPending] = useState(false)
  const [failed, setFailed] = useState(false)
  const apply = useSession((state) => state.apply)
  const navigate = useRouter((state) => state.navigate)

  async function logOut(): Promise<void> {
    setPending(true)
    setFailed(false)
    try {
      const result = await window.api.logOut({})
      if (result.ok) {
        apply(result.data)
        navigate(DASHBOARD)
      } else {
        refreshIfSessionChanged(result.error)
      }
    } catch {
      setFailed(true)
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <button type="button" className="button button-secondary" disabled={pending} onClick={() => void logOut()}>
        {pending ? 'Logging out…' : 'Log out'}
      </button>
      {failed && (
        <div role="alert" className="alert alert-error">
          {unreachableMessage()}
        </div>
      )}
    </>
  )
}
