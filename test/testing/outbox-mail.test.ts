import { describe, expect, it } from 'vitest'
import type { MailMessageView } from '../../src/shared/admin-views'
import type { Mail } from '../../src/testing/api'
import { latestTo, toMail } from '../../src/testing/outbox-mail'

const view = (to: string, text: string, code: string | null = null, id = 1): MailMessageView => ({
  id,
  to,
  subject: 'Your Local Accounts password reset code',
  sentAt: 1_000 + id,
  text,
  code
})

describe('mail as the kit hands it out', () => {
  it('takes the code the outbox kept, else reads one from the text', () => {
    expect(toMail(view('a@example.com', 'Your code is ABCD-EFGH-JKMN-PQRS.', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ')).code).toBe(
      'ZZZZ-ZZZZ-ZZZZ-ZZZZ'
    )
    expect(toMail(view('a@example.com', 'Your reset code is:\n\n    7K3M-Q9XR-0ABC-DEFG\n\nEnter it…')).code).toBe(
      '7K3M-Q9XR-0ABC-DEFG'
    )
    // Not a code: a letter Crockford base32 leaves out (U), too few groups, a longer run.
    for (const text of ['ABCD-EFGH-JKMN-PQRU', 'ABCD-EFGH-JKMN', 'ABCD-EFGH-JKMN-PQRST', 'no code here']) {
      expect(toMail(view('a@example.com', text)).code, text).toBeNull()
    }
  })

  it('latest waits for a message to arrive, and takes the newest to that address in any case', async () => {
    const outbox: Mail[] = []
    setTimeout(() => outbox.unshift(toMail(view('Erin@Example.com', 'first ABCD-EFGH-JKMN-PQRS', null, 1))), 150)
    setTimeout(() => outbox.unshift(toMail(view('other@example.com', 'not hers', null, 2))), 200)
    const read = async () => [...outbox]
    expect((await latestTo(read, ' erin@example.com ', 2_000)).code).toBe('ABCD-EFGH-JKMN-PQRS')
    outbox.unshift(toMail(view('erin@example.com', 'second 1111-2222-3333-4444', null, 3)))
    expect((await latestTo(read, 'ERIN@example.com', 2_000)).code).toBe('1111-2222-3333-4444')
  })

  it('gives up after the wait, naming who did get mail', async () => {
    const read = async () => [toMail(view('someone@example.com', 'x'))]
    await expect(latestTo(read, 'nobody@example.com', 300)).rejects.toThrow(
      'No mail to nobody@example.com within 0.3 s; the outbox holds mail to someone@example.com.'
    )
    await expect(latestTo(async () => [], 'nobody@example.com', 100)).rejects.toThrow(/holds no mail/)
  })
})
