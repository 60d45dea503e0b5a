import { useState } from 'react'
import { ActionButton, focusWhenShown } from '@/components/ActionButton'
import { ActionOutcome, useOutcome } from '@/components/ActionOutcome'
import { PageSection } from '@/components/PageSection'
import { useApiAction } from '@/hooks/use-api-action'
import { api } from '@/lib/api'
import { displayEmail } from '@/lib/idn'
import type { AccountSectionProps } from './section-props'

/** Deactivate or reactivate, unlock, send a reset code; what each did is said under the buttons. */
export function AccessSection({ account, isSelf, onChanged }: AccountSectionProps) {
  const name = account.username
  const id = account.id
  const { outcome, tell } = useOutcome()
  // Deactivating oneself ends one's own session: asked first.
  const [asking, setAsking] = useState<'asking' | 'cancelled' | null>(null)
  const deactivate = useApiAction({
    call: () => api.adminUpdateAccount({ id, isActive: false }),
    onSuccess: (next) => {
      setAsking(null)
      onChanged(next)
      tell(`${name} is deactivated: they can no longer log in, and any session they had open has ended.`)
    }
  })
  const reactivate = useApiAction({
    call: () => api.adminUpdateAccount({ id, isActive: true }),
    onSuccess: (next) => {
      onChanged(next)
      tell(`${name} is active again and can log in.`)
    }
  })
  const unlock = useApiAction({
    call: () => api.adminUnlockAccount({ id }),
    onSuccess: (next) => {
      onChanged(next)
      tell(`${name} is unlocked and can log in again.`)
    }
  })
  const sendResetCode = useApiAction({
    call: () => api.adminSendResetCode({ id }),
    onSuccess: () => tell(`A reset code was emailed to ${displayEmail(account.email)}.`)
  })
  const error = deactivate.error ?? reactivate.error ?? unlock.error ?? sendResetCode.error

  return (
    <PageSection title="Access">
      <p className="section-help">
        {account.isActive
          ? 'Deactivating stops every login to this account and ends its sessions; nothing is deleted.'
          : 'This account is deactivated. Reactivating lets it log in again with its password.'}
      </p>
      {asking === 'asking' ? (
        <ConfirmOwnDeactivation
          onConfirm={() => {
            // Back to the buttons: the outcome (or a refusal, the last administrator) is said under them.
            setAsking(null)
            deactivate.run()
          }}
          onCancel={() => setAsking('cancelled')}
        />
      ) : (
        <div className="actions">
          {account.isActive && isSelf ? (
            <button
              type="button"
              className="button button-secondary"
              ref={asking === 'cancelled' ? focusWhenShown : undefined}
              disabled={deactivate.pending}
              onClick={() => setAsking('asking')}
            >
              {deactivate.pending ? 'Deactivating…' : 'Deactivate'}
            </button>
          ) : account.isActive ? (
            <ActionButton action={deactivate} label="Deactivate" pendingLabel="Deactivating…" />
          ) : (
            <ActionButton action={reactivate} label="Reactivate" pendingLabel="Reactivating…" />
          )}
          {account.isLocked && <ActionButton action={unlock} label="Unlock" pendingLabel="Unlocking…" />}
          {!account.directoryManaged && (
            <ActionButton action={sendResetCode} label="Send reset code" pendingLabel="Sending…" />
          )}
        </div>
      )}
      <ActionOutcome outcome={outcome} error={error} />
    </PageSection>
  )
}

/** Deactivating one's own account signs one out here and now: said, and asked, before it is done. */
function ConfirmOwnDeactivation({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  return (
    <div className="confirm-step" role="group" aria-label="Deactivate your own account?">
      <p className="section-help">
        <strong>Deactivate your own account?</strong> You will be signed out at once and cannot log in again until
        another administrator reactivates it.
      </p>
      <div className="actions">
        <button type="button" className="button button-danger-outline" ref={focusWhenShown} onClick={onConfirm}>
          Deactivate my account
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  )
}
