import { describe, expect, it, vi } from 'vitest'
import { CHANNEL_NAMES, ipcChannel, ipcEvent } from '../../src/shared/channels'

/** The preload's view of `electron`: it may only reach the page through contextBridge. */
const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as { channel: string; payload: unknown }[],
  listening: [] as string[]
}))

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => fake.exposed.set(key, value)
  },
  ipcRenderer: {
    invoke: (channel: string, payload: unknown) => {
      fake.invoked.push({ channel, payload })
      return Promise.resolve({ ok: true, data: null })
    },
    on: (channel: string) => fake.listening.push(channel),
    removeListener: () => {}
  }
}))

async function loadPreload(): Promise<Record<string, unknown>> {
  await import('../../src/preload/index')
  return fake.exposed.get('api') as Record<string, unknown>
}

describe('the preload', () => {
  it('exposes only window.api: one named function per channel plus on(), no generic invoke', async () => {
    const api = await loadPreload()
    expect([...fake.exposed.keys()]).toEqual(['api'])
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort())
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
    expect(api).not.toHaveProperty('invoke')
    expect(api).not.toHaveProperty('ipcRenderer')
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('sends each call on its own channel, with the payload as given', async () => {
    const api = await loadPreload()
    const payload = { identifier: 'alice', password: 'violet-Anchor-92-quietly' }
    await (api.logIn as (input: unknown) => Promise<unknown>)(payload)
    expect(fake.invoked.at(-1)).toEqual({ channel: ipcChannel('logIn'), payload })
  })

  it('subscribes to known events only', async () => {
    const api = await loadPreload()
    const on = api.on as (event: string, listener: () => void) => () => void
    on('mailLogChanged', () => {})
    expect(fake.listening).toContain(ipcEvent('mailLogChanged'))
    expect(() => on('anything', () => {})).toThrow(/unknown event/)
  })
})
