import { useApiAction } from '@/hooks/use-api-action'
import { api } from '@/lib/api'
import { DASHBOARD } from '@/lib/routes'
import { useRouter } from '@/store/router'
import { useSession } from '@/store/session'

/** Ends this window's session in main, then shows the Dashboard as a guest. */
export function LogOutButton() {
  const apply = useSession((state) => state.apply)
  const navigate = useRouter((state) => state.navigate)
  const logOut = useApiAction({
    call: () => api.logOut({}),
    onSuccess: (view) => {
      apply(view)
      navigate(DASHBOARD)
    }
  })

  return (
    <>
      <button type="button" className="button button-secondary" disabled={logOut.pending} onClick={() => logOut.run()}>
        {logOut.pending ? 'Logging out…' : 'Log out'}
      </button>
      {logOut.error && (
        <div role="alert" className="alert alert-error">
          {logOut.error}
        </div>
      )}
    </>
  )
}
