import { useDebouncedValue } from '@/hooks/use-debounced-value'
import { useServerQuery } from '@/hooks/use-server-query'
import { checkTyped, parseDecimal } from '../setting-fields'

const UNUSED_DAYS = 'accounts.deactivateAfterDaysUnused'

const preview = ({ days }: { days: number }) => window.api.adminPreviewUnusedAccounts({ days })

/**
 * What the typed `Deactivate accounts unused for (days)` would deactivate now, said before it is
 * saved (the app deactivates them at start-up and daily once it is).
 */
export function UnusedAccountsReport({ typed }: { typed: string }) {
  const settled = useDebouncedValue(typed, 300)
  const days = settled.trim() === '' || checkTyped(UNUSED_DAYS, settled) ? null : parseDecimal(settled)
  return days === null ? null : <UnusedReport days={days} />
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
