import { ActionButton } from '@/components/ActionButton'
import { ActionOutcome, useOutcome } from '@/components/ActionOutcome'
import { PageSection } from '@/components/PageSection'
import { useApiAction } from '@/hooks/use-api-action'
import { api } from '@/lib/api'
import { withConfirmation } from '@/lib/confirm-its-you'
import type { AccountSectionProps } from './section-props'

/** Whether the account uses two-factor, and turning it off for someone who lost their phone. */
export function TwoFactorSection({ account, onChanged }: AccountSectionProps) {
  const name = account.username
  const { outcome, tell } = useOutcome()
  const turnOff = useApiAction({
    call: () => withConfirmation(() => api.adminDisableTwoFactor({ id: account.id })),
    onSuccess: (next) => {
      onChanged(next)
      tell(`Two-factor authentication is off for ${name}: a password alone logs in now.`)
    }
  })
  return (
    <PageSection title="Two-factor authentication">
      <p className="section-help">
        {account.twoFactor
          ? `On. If ${name} lost the phone with the authenticator app and every recovery code, turn it off; they can set it up again after logging in.`
          : `Off. ${name} can turn it on from their own Dashboard.`}
      </p>
      {account.twoFactor && (
        <div className="actions">
          <ActionButton action={turnOff} label="Turn off two-factor authentication" pendingLabel="Turning off…" />
        </div>
      )}
      <ActionOutcome outcome={outcome} error={turnOff.error} />
    </PageSection>
  )
}
