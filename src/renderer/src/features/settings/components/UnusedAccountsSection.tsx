import type { ReactNode } from 'react'
import { useDebouncedValue } from '@/hooks/use-debounced-value'
import { useServerQuery } from '@/hooks/use-server-query'

const preview = ({ days }: { days: number }) => window.api.adminPreviewUnusedAccounts({ days })

/**
 * `Deactivate accounts unused for (days)`, with what the typed value would deactivate now, said
 * before it is saved (the app deactivates them at start-up and daily once it is).
 */
export function UnusedAccountsSection({ field, typed }: { field: ReactNode; typed: string }) {
  const settled = useDebouncedValue(typed.trim(), 300)
  const days = /^\d+$/.test(settled) && Number(settled) >= 1 && Number(settled) <= 36_500 ? Number(settled) : null
  return (
    <fieldset className="settings-section">
      <legend>Unused accounts</legend>
      {field}
      {days !== null && <UnusedReport days={days} />}
    </fieldset>
  )
}

function UnusedReport({ days }: { days: number }) {
  const report = useServerQuery(preview, { days })
  if (!report.data) return null
  const { count, usernames } = report.data
  return (
    <p role="status" className="settings-status">
      {count === 0
        ? `No account is unused for ${days} days now.`
        : `Saving this deactivates ${count} ${count === 1 ? 'account' : 'accounts'} now: ${usernames.join(', ')}${count > usernames.length ? ', …' : ''}.`}
    </p>
  )
}
