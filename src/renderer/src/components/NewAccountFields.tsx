import type { ChannelInput } from '@shared/contract'
import { Field } from './Field'
import type { ApiForm } from '../hooks/use-api-form'
import { NewPasswordFields } from './NewPasswordFields'

export type NewAccount = ChannelInput<'signUp'>

/** Where both ways of making an account start. */
export const emptyNewAccount: NewAccount = { username: '', email: '', password: '', passwordConfirmation: '' }

interface NewAccountFieldsProps {
  form: ApiForm<NewAccount>
  /**
   * Whose account it is: the person's own (the browser may offer their saved username and
   * email) or someone else's, made by an administrator (it must not).
   */
  owner: 'self' | 'other'
  /** Offers `Generate password` (an administrator making someone else's account). */
  generate?: boolean
}

/** Username, Email address, Password, Password confirmation, as Django's UserCreationForm. */
export function NewAccountFields({ form, owner, generate = false }: NewAccountFieldsProps) {
  const own = owner === 'self'
  return (
    <>
      <Field label="Username" binding={form.field('username')} autoComplete={own ? 'username' : 'off'} />
      <Field label="Email address" binding={form.field('email')} type="email" autoComplete={own ? 'email' : 'off'} />
      <NewPasswordFields
        label="Password"
        password={form.field('password')}
        confirmation={form.field('passwordConfirmation')}
        confirmationHelp="Enter the same password as before, for verification."
        onGenerate={generate ? (password) => form.fill({ password, passwordConfirmation: password }) : undefined}
      />
    </>
  )
}
