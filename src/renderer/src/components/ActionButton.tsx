import './page-section.css'
import type { ApiAction } from '@/hooks/use-api-action'

interface ActionButtonProps {
  action: Pick<ApiAction<[]>, 'run' | 'pending'>
  label: string
  /** What the button says while its call runs ("Unlocking…"). */
  pendingLabel: string
  variant?: 'primary' | 'secondary' | 'danger-outline'
}

/** A button that starts one `useApiAction` call and says so until main answers. */
export function ActionButton({ action, label, pendingLabel, variant = 'secondary' }: ActionButtonProps) {
  return (
    <button type="button" className={`button button-${variant}`} disabled={action.pending} onClick={() => action.run()}>
      {action.pending ? pendingLabel : label}
    </button>
  )
}

/** A panel closed: focus goes back to the button that opened it, so the keyboard does not lose its place. */
export function focusWhenShown(button: HTMLButtonElement | null): void {
  button?.focus()
}
