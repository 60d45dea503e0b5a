import { useState } from 'react'
import { focusWhenShown } from '@/components/ActionButton'
import { ActionOutcome, useOutcome } from '@/components/ActionOutcome'
import { PageSection } from '@/components/PageSection'
import { TemporaryPasswordForm } from '../TemporaryPasswordForm'
import type { AccountSectionProps } from './section-props'

/** A one-login password to hand over in person; the form opens on demand, and says under its button what it did. */
export function TemporaryPasswordSection({ account, onChanged }: AccountSectionProps) {
  const [state, setState] = useState<'open' | 'closed' | 'set' | null>(null)
  const { outcome, tell, clear } = useOutcome()
  const name = account.username
  return (
    <PageSection title="Temporary password">
      <p className="section-help">
        Set a password to hand to {name} in person. It works for one login: {name} must change it then. Any session they
        have open ends.
      </p>
      {state === 'open' ? (
        <TemporaryPasswordForm
          account={account}
          onCancel={() => setState('closed')}
          onSet={(next) => {
            setState('set')
            onChanged(next)
            tell(`Temporary password set. ${name} must choose a new password at the next login.`)
          }}
        />
      ) : (
        <button
          type="button"
          className="button button-secondary"
          ref={state === 'closed' ? focusWhenShown : undefined}
          onClick={() => {
            clear()
            setState('open')
          }}
        >
          Set temporary password
        </button>
      )}
      {state !== 'open' && <ActionOutcome outcome={outcome} error={null} />}
    </PageSection>
  )
}
