import { Field } from './Field'
import type { FieldBinding } from '../hooks/use-api-form'
import { PasswordRules } from './PasswordRules'

interface NewPasswordFieldsProps {
  /** "Password", "New password", "Temporary password": the confirmation's label follows it. */
  label: string
  password: FieldBinding
  confirmation: FieldBinding
  confirmationHelp?: string
}

/**
 * A password being chosen and its confirmation, as Django's forms pair them: main's password
 * rules under the first, as a checklist that ticks as the person types.
 */
export function NewPasswordFields({ label, password, confirmation, confirmationHelp }: NewPasswordFieldsProps) {
  return (
    <>
      <Field
        label={label}
        binding={password}
        type="password"
        autoComplete="new-password"
        help={<PasswordRules password={password.value} />}
      />
      <Field
        label={`${label} confirmation`}
        binding={confirmation}
        type="password"
        autoComplete="new-password"
        help={confirmationHelp}
      />
    </>
  )
}
