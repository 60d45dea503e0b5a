import type { AdministratorCount } from '@shared/admin-views'
import { countOf } from '@shared/plural'
import { useServerQuery } from '@/hooks/use-server-query'
import { api } from '@/lib/api'
import { messageFor } from '@/lib/messages'

const countAdministrators = () => api.adminCountAdministrators({})

const MUST_SET_UP = 'they must set it up before they can do anything else'

/** "This affects 3 administrators, 2 of them without two-factor authentication: …" */
export function reachWords({ administrators, withoutTwoFactor }: AdministratorCount): string {
  const affected = `This affects ${countOf(administrators, 'administrator', 'administrators')}`
  if (withoutTwoFactor === 0) {
    return administrators === 1
      ? `${affected}, who already uses two-factor authentication.`
      : `${affected}, all of them already using two-factor authentication.`
  }
  if (administrators === 1) return `${affected}, without two-factor authentication: ${MUST_SET_UP}.`
  return `${affected}, ${withoutTwoFactor} of them without two-factor authentication: ${MUST_SET_UP}.`
}

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
