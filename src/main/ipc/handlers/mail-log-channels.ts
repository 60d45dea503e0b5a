import type { Handlers } from '../router'

/** The development Mail log (its own window only: the contract's `mail-log` access). */
export const mailLogHandlers = {
  mailLogList: ({ services }) => services.outbox.list()
} satisfies Partial<Handlers>
