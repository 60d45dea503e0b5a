import { useServerQuery } from '@/hooks/use-server-query'
import { api } from '@/lib/api'
import { messageFor } from '@/lib/messages'
import { reachWords } from '../setting-fields'

const countAdministrators = () => api.adminCountAdministrators({})

/**
 * Said as soon as `Require two-factor authentication for administrators` is ticked, before it is
 * saved: how many administrators it affects, and how many of them must now set up two-factor.
 */
export function AdminTwoFactorReach() {
  const count = useServerQuery(countAdministrators, null)
  if (count.error) return <p className="field-help">{messageFor(count.error)}</p>
  return (
    <p role="status" className="settings-status settings-reach">
      {count.data ? reachWords(count.data) : ''}
    </p>
  )
}
