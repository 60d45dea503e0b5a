import { Field } from './Field'
import type { FieldBinding } from '../hooks/use-api-form'
import { PasswordRules } from './PasswordRules'
import { GeneratePassword } from './GeneratePassword'

interface NewPasswordFieldsProps {
  /** "Password", "New password", "Temporary password": the confirmation's label follows it. */
  label: string
  password: FieldBinding
  confirmation: FieldBinding
  confirmationHelp?: string
  /** Offers `Generate password`, which fills both fields (an administrator handing a password over). */
  onGenerate?: (password: string) => void
}

/**
 * A password being chosen and its confirmation, as Django's forms pair them: main's password
 * rules under the first, as a checklist that ticks as the person types.
 */
export function NewPasswordFields({
  label,
  password,
  confirmation,
  confirmationHelp,
  onGenerate
}: NewPasswordFieldsProps) {
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
      {onGenerate && <GeneratePassword current={password.value} onGenerate={onGenerate} />}
    </>
  )
}
