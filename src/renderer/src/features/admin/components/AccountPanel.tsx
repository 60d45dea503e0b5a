import type { AccountDetail } from '@shared/admin-views'
import { ActionOutcome, useOutcome } from '@/components/ActionOutcome'
import { PageSection } from '@/components/PageSection'
import { RouteLink } from '@/components/RouteLink'
import { NO_CHANGES_TO_SAVE } from '@/lib/messages'
import { route } from '@/lib/routes'
import { useSession } from '@/store/session'
import { useArrivalNotice } from '../arrival-notice'
import { AccessSection } from './account/AccessSection'
import { DeleteSection } from './account/DeleteSection'
import { TemporaryPasswordSection } from './account/TemporaryPasswordSection'
import { TwoFactorSection } from './account/TwoFactorSection'
import { AccountDetails } from './AccountDetails'
import { EditAccountForm } from './EditAccountForm'
import '../admin.css'

interface AccountPanelProps {
  account: AccountDetail
  /** Main answered with the account as it is now. */
  onChange: (account: AccountDetail) => void
}

/**
 * One account: its details, and a section per thing an administrator can do to it. Each action
 * says what it did (or why it failed) beside the controls that caused it; the line at the top
 * only carries the notice of the screen before (an account just created).
 */
export function AccountPanel({ account, onChange }: AccountPanelProps) {
  const isSelf = useSession((state) => state.session?.user?.id === account.id)
  const arrival = useArrivalNotice()
  const name = account.username
  const saved = useOutcome()

  function changed(next: AccountDetail): void {
    onChange(next)
    // Acting on oneself may end one's own session (deactivating, for one).
    if (isSelf)
      useSession
        .getState()
        .refresh()
        .catch(() => undefined)
  }
  const sectionProps = { account, isSelf, onChanged: changed }

  return (
    <div className="account-panel">
      <p className="breadcrumb">
        <RouteLink to={route('accounts')}>Accounts</RouteLink>
        <span aria-hidden="true"> / </span>
        <span>{name}</span>
      </p>
      <div role="status" className="alert alert-notice status-line">
        {arrival}
      </div>
      <AccountDetails account={account} />
      <PageSection title="Email and roles">
        {account.directoryManaged ? (
          <p className="section-help">
            {name} signs in through the organisation’s directory, which manages the username, email address and
            administrator role. Change them there; they are updated here at the next login.
          </p>
        ) : (
          <EditAccountForm
            key={account.email}
            account={account}
            isSelf={isSelf}
            onSaved={(next) => {
              changed(next)
              saved.tell('Changes saved.')
            }}
            onUnchanged={() => saved.tell(NO_CHANGES_TO_SAVE)}
            onAttempt={saved.clear}
          />
        )}
        {/* Outside the form, which starts afresh when the address changes. */}
        <ActionOutcome outcome={saved.outcome} error={null} />
      </PageSection>
      <AccessSection {...sectionProps} />
      <TwoFactorSection {...sectionProps} />
      {!account.directoryManaged && <TemporaryPasswordSection {...sectionProps} />}
      <DeleteSection account={account} />
      <p className="aside">
        <RouteLink to={route('audit-trail', { user: name })}>{`Audit trail for ${name}`}</RouteLink>
      </p>
    </div>
  )
}
