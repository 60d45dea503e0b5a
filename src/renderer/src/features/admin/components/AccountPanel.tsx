import { useState, type ReactNode } from 'react'
import type { AccountDetail } from '@shared/admin-views'
import type { Result } from '@shared/result'
import { RouteLink } from '@/components/RouteLink'
import { messageFor, unreachableMessage } from '@/lib/messages'
import { route } from '@/lib/routes'
import { useRouter } from '@/store/router'
import { useSession } from '@/store/session'
import { refreshIfAccessChanged } from '@/lib/access-errors'
import { useArrivalNotice, useArrivalNoticeStore } from '../arrival-notice'
import { AccountDetails } from './AccountDetails'
import { DeleteAccountPanel } from './DeleteAccountPanel'
import { EditAccountForm } from './EditAccountForm'
import { TemporaryPasswordForm } from './TemporaryPasswordForm'
import '../admin.css'
import { withConfirmation } from '@/lib/confirm-its-you'

interface AccountPanelProps {
  account: AccountDetail
  /** Main answered with the account as it is now. */
  onChange: (account: AccountDetail) => void
}

type Panel = 'temporary-password' | 'delete'

/**
 * One account: its details, and every action an administrator can take on it. Each action
 * ends in a status line, or an error beside the buttons that caused it.
 */
export function AccountPanel({ account, onChange }: AccountPanelProps) {
  const isSelf = useSession((state) => state.session?.user?.id === account.id)
  const replace = useRouter((state) => state.replace)
  const arrival = useArrivalNotice()
  const [status, setStatus] = useState<string | null>(arrival)
  const [actionError, setActionError] = useState<string | null>(null)
  const [pending, setPending] = useState<string | null>(null)
  const [open, setOpen] = useState<Panel | null>(null)
  const [closed, setClosed] = useState<Panel | null>(null)
  const name = account.username

  function changed(next: AccountDetail, message: string): void {
    onChange(next)
    setStatus(message)
    setActionError(null)
    // Acting on oneself may end one's own session (deactivating, for one).
    if (isSelf)
      useSession
        .getState()
        .refresh()
        .catch(() => undefined)
  }

  async function act<T>(label: string, call: () => Promise<Result<T>>, onDone: (data: T) => void): Promise<void> {
    setPending(label)
    setActionError(null)
    setStatus(null)
    try {
      const result = await call()
      if (result.ok) onDone(result.data)
      else {
        setActionError(messageFor(result.error))
        refreshIfAccessChanged(result.error)
      }
    } catch {
      setActionError(unreachableMessage())
    } finally {
      setPending(null)
    }
  }

  const setActive = (isActive: boolean) =>
    act(
      isActive ? 'Reactivating…' : 'Deactivating…',
      () => window.api.adminUpdateAccount({ id: account.id, isActive }),
      (next) =>
        changed(
          next,
          isActive
            ? `${name} is active again and can log in.`
            : `${name} is deactivated: they can no longer log in, and any session they had open has ended.`
        )
    )

  const unlock = () =>
    act(
      'Unlocking…',
      () => window.api.adminUnlockAccount({ id: account.id }),
      (next) => changed(next, `${name} is unlocked and can log in again.`)
    )

  const sendResetCode = () =>
    act(
      'Sending…',
      () => window.api.adminSendResetCode({ id: account.id }),
      () => {
        setStatus(`A reset code was emailed to ${account.email}.`)
      }
    )

  const turnOffTwoFactor = () =>
    act(
      'Turning off…',
      () => withConfirmation(() => window.api.adminDisableTwoFactor({ id: account.id })),
      (next) => changed(next, `Two-factor authentication is off for ${name}: a password alone logs in now.`)
    )

  function closePanel(panel: Panel): void {
    setOpen(null)
    setClosed(panel)
  }

  function deleted(): void {
    useArrivalNoticeStore.getState().leave(`Account ${name} was deleted.`)
    // Replaced, so Back does not lead to an account that is gone.
    replace(route('accounts'))
  }

  const button = (label: string, pendingLabel: string, onClick: () => void) => (
    <button type="button" className="button button-secondary" disabled={pending !== null} onClick={onClick}>
      {pending === pendingLabel ? pendingLabel : label}
    </button>
  )

  return (
    <div className="account-panel">
      <p className="breadcrumb">
        <RouteLink to={route('accounts')}>Accounts</RouteLink>
        <span aria-hidden="true"> / </span>
        <span>{name}</span>
      </p>
      <div role="status" className="alert alert-notice status-line">
        {status}
      </div>
      <AccountDetails account={account} />

      <Section title="Email and roles">
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
            onSaved={(next) => changed(next, 'Changes saved.')}
          />
        )}
      </Section>

      <Section title="Access">
        <p className="section-help">
          {account.isActive
            ? 'Deactivating stops every login to this account and ends its sessions; nothing is deleted.'
            : 'This account is deactivated. Reactivating lets it log in again with its password.'}
        </p>
        <div className="actions">
          {account.isActive
            ? button('Deactivate', 'Deactivating…', () => void setActive(false))
            : button('Reactivate', 'Reactivating…', () => void setActive(true))}
          {account.isLocked && button('Unlock', 'Unlocking…', () => void unlock())}
          {!account.directoryManaged && button('Send reset code', 'Sending…', () => void sendResetCode())}
        </div>
        {actionError && (
          <div role="alert" className="alert alert-error section-alert">
            {actionError}
          </div>
        )}
      </Section>

      <Section title="Two-factor authentication">
        <p className="section-help">
          {account.twoFactor
            ? `On. If ${name} lost the phone with the authenticator app and every recovery code, turn it off; they can set it up again after logging in.`
            : `Off. ${name} can turn it on from their own Dashboard.`}
        </p>
        {account.twoFactor && (
          <div className="actions">
            {button('Turn off two-factor authentication', 'Turning off…', () => void turnOffTwoFactor())}
          </div>
        )}
      </Section>

      {!account.directoryManaged && (
        <Section title="Temporary password">
          <p className="section-help">
            Set a password to hand to {name} in person. It works for one login: {name} must change it then. Any session
            they have open ends.
          </p>
          {open === 'temporary-password' ? (
            <TemporaryPasswordForm
              account={account}
              onCancel={() => closePanel('temporary-password')}
              onSet={(next) => {
                closePanel('temporary-password')
                changed(next, `Temporary password set. ${name} must choose a new password at the next login.`)
              }}
            />
          ) : (
            <button
              type="button"
              className="button button-secondary"
              ref={closed === 'temporary-password' ? focusWhenShown : undefined}
              onClick={() => setOpen('temporary-password')}
            >
              Set temporary password
            </button>
          )}
        </Section>
      )}

      <Section title="Delete account" danger>
        {open === 'delete' ? (
          <DeleteAccountPanel account={account} onDeleted={deleted} onCancel={() => closePanel('delete')} />
        ) : (
          <>
            <p className="section-help">Removes the account for good. You will be asked to type its username.</p>
            <button
              type="button"
              className="button button-danger-outline"
              ref={closed === 'delete' ? focusWhenShown : undefined}
              onClick={() => setOpen('delete')}
            >
              Delete account
            </button>
          </>
        )}
      </Section>

      <p className="aside">
        <RouteLink to={route('audit-trail', { user: name })}>{`Audit trail for ${name}`}</RouteLink>
      </p>
    </div>
  )
}

/** Headed, but not a named region: its name would clash with field labels ("Temporary password"). */
function Section({ title, danger = false, children }: { title: string; danger?: boolean; children: ReactNode }) {
  return (
    <section className={danger ? 'page-section page-section-danger' : 'page-section'}>
      <h2>{title}</h2>
      {children}
    </section>
  )
}

/** A panel closed: focus goes back to the button that opened it, so the keyboard does not lose its place. */
function focusWhenShown(button: HTMLButtonElement | null): void {
  button?.focus()
}
