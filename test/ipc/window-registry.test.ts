import { describe, expect, it } from 'vitest'
import { MAX_REMEMBERED_PER_KIND, WindowNotes } from '../../src/main/core/support/window-notes'
import { WindowRegistry } from '../../src/main/ipc/window-registry'

const flowFor = (id: number) => ({ user: { id, username: `user${id}` }, startedAt: 0 })

describe('the window registry', () => {
  it('forgets everything about a closed window: session and end reason', () => {
    const windows = new WindowRegistry()
    windows.bind('signed-in', 'session1.secret')
    windows.bind('guest', 'session2.secret')
    windows.sessionGone('guest', 'idle')

    // The token comes back once, for the caller to end the session in the database.
    expect(windows.forget('signed-in')).toBe('session1.secret')
    expect(windows.forget('guest')).toBeNull()

    for (const w of ['signed-in', 'guest']) {
      expect(windows.token(w)).toBeNull()
      expect(windows.takeEndReason(w)).toBeNull()
    }
  })

  it('a reason noted when this process ended the session is told instead of a bare "revoked", once', () => {
    const windows = new WindowRegistry()
    windows.bind('w1', 'ended.secret')
    windows.bind('w2', 'other.secret')
    windows.sessionsEnded(['ended'], 'password_changed')
    // Not told while the window still shows its session: the ending might yet be rolled back.
    expect(windows.takeEndReason('w1')).toBeNull()
    windows.sessionGone('w1', 'revoked')
    windows.sessionGone('w2', 'revoked')
    expect(windows.takeEndReason('w1')).toBe('password_changed')
    expect(windows.takeEndReason('w1')).toBeNull()
    expect(windows.takeEndReason('w2')).toBe('revoked')
  })

  it('a new session clears a noted reason: the window is not told about a session it replaced', () => {
    const windows = new WindowRegistry()
    windows.bind('w1', 'old.secret')
    windows.sessionsEnded(['old'], 'password_changed')
    windows.bind('w1', 'new.secret')
    windows.sessionGone('w1', 'revoked')
    expect(windows.takeEndReason('w1')).toBe('revoked')
  })

  it(`remembers at most ${MAX_REMEMBERED_PER_KIND} end reasons; the oldest go first`, () => {
    const windows = new WindowRegistry()
    const count = MAX_REMEMBERED_PER_KIND + 1
    for (let i = 0; i < count; i++) {
      windows.bind(`w${i}`, `s${i}.secret`)
      windows.sessionGone(`w${i}`, 'idle')
    }
    expect(windows.takeEndReason('w0')).toBeNull()
    expect(windows.takeEndReason('w1')).toBe('idle')
    expect(windows.takeEndReason(`w${count - 1}`)).toBe('idle')
  })

  it('counts reasons noted for live sessions within the same bound', () => {
    const windows = new WindowRegistry()
    const count = MAX_REMEMBERED_PER_KIND + 1
    for (let i = 0; i < count; i++) windows.bind(`w${i}`, `s${i}.secret`)
    windows.sessionsEnded(
      Array.from({ length: count }, (_, i) => `s${i}`),
      'password_changed'
    )
    windows.sessionGone('w1', 'revoked')
    expect(windows.takeEndReason('w1')).toBe('password_changed')
    // w0's note went to make room, so its window only learns what the session check says.
    windows.sessionGone('w0', 'revoked')
    expect(windows.takeEndReason('w0')).toBe('revoked')
  })

  it(`core's per-window notes (reset flows, pending second factors) keep at most ${MAX_REMEMBERED_PER_KIND}; the oldest go first, a renewed one is newest`, () => {
    const flows = new WindowNotes<ReturnType<typeof flowFor>>()
    for (let i = 0; i < MAX_REMEMBERED_PER_KIND; i++) flows.set(`w${i}`, flowFor(i))
    flows.set('w0', flowFor(0))
    flows.set('one-more', flowFor(99))
    expect(flows.get('w0')).toEqual(flowFor(0))
    expect(flows.get('w1')).toBeNull()
    expect(flows.get('one-more')).toEqual(flowFor(99))
  })
})
