import { useState } from 'react'
import { focusWhenShown } from '@/components/ActionButton'
import { PageSection } from '@/components/PageSection'
import { route } from '@/lib/routes'
import { useRouter } from '@/store/router'
import { useArrivalNoticeStore } from '../../arrival-notice'
import { DeleteAccountPanel } from '../DeleteAccountPanel'
import type { AccountSectionProps } from './section-props'

/** Deleting, behind a panel that asks for the username typed again. */
export function DeleteSection({ account }: Pick<AccountSectionProps, 'account'>) {
  const [state, setState] = useState<'open' | 'closed' | null>(null)
  const replace = useRouter((s) => s.replace)

  function deleted(): void {
    useArrivalNoticeStore.getState().leave(`Account ${account.username} was deleted.`)
    // Replaced, so Back does not lead to an account that is gone.
    replace(route('accounts'))
  }

  return (
    <PageSection title="Delete account" danger>
      {state === 'open' ? (
        <DeleteAccountPanel account={account} onDeleted={deleted} onCancel={() => setState('closed')} />
      ) : (
        <>
          <p className="section-help">Removes the account for good. You will be asked to type its username.</p>
          <button
            type="button"
            className="button button-danger-outline"
            ref={state === 'closed' ? focusWhenShown : undefined}
            onClick={() => setState('open')}
          >
            Delete account
          </button>
        </>
      )}
    </PageSection>
  )
}
