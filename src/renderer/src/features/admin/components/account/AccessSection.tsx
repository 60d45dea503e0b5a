import { ActionButton, ActionError } from '@/components/ActionButton'
import { PageSection } from '@/components/PageSection'
import { useApiAction } from '@/hooks/use-api-action'
import { api } from '@/lib/api'
import { displayEmail } from '@/lib/idn'
import type { AccountSectionProps } from './section-props'

/** Deactivate or reactivate, unlock, send a reset code. */
export function AccessSection({ account, onChanged, onNotice }: AccountSectionProps) {
  const name = account.username
  const id = account.id
  const deactivate = useApiAction({
    call: () => api.adminUpdateAccount({ id, isActive: false }),
    onSuccess: (next) =>
      onChanged(next, `${name} is deactivated: they can no longer log in, and any session they had open has ended.`)
  })
  const reactivate = useApiAction({
    call: () => api.adminUpdateAccount({ id, isActive: true }),
    onSuccess: (next) => onChanged(next, `${name} is active again and can log in.`)
  })
  const unlock = useApiAction({
    call: () => api.adminUnlockAccount({ id }),
    onSuccess: (next) => onChanged(next, `${name} is unlocked and can log in again.`)
  })
  const sendResetCode = useApiAction({
    call: () => api.adminSendResetCode({ id }),
    onSuccess: () => onNotice(`A reset code was emailed to ${displayEmail(account.email)}.`)
  })
  const error = deactivate.error ?? reactivate.error ?? unlock.error ?? sendResetCode.error

  return (
    <PageSection title="Access">
      <p className="section-help">
        {account.isActive
          ? 'Deactivating stops every login to this account and ends its sessions; nothing is deleted.'
          : 'This account is deactivated. Reactivating lets it log in again with its password.'}
      </p>
      <div className="actions">
        {account.isActive ? (
          <ActionButton action={deactivate} label="Deactivate" pendingLabel="Deactivating…" />
        ) : (
          <ActionButton action={reactivate} label="Reactivate" pendingLabel="Reactivating…" />
        )}
        {account.isLocked && <ActionButton action={unlock} label="Unlock" pendingLabel="Unlocking…" />}
        {!account.directoryManaged && (
          <ActionButton action={sendResetCode} label="Send reset code" pendingLabel="Sending…" />
        )}
      </div>
      <ActionError error={error} />
    </PageSection>
  )
}
