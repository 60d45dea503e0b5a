import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { buildMenuTemplate, type MenuOptions } from '../../src/main/desktop/menu'

function menu(overrides: Partial<MenuOptions> = {}) {
  const actions = {
    newWindow: vi.fn(),
    lock: vi.fn(),
    logOut: vi.fn(),
    openMailLog: vi.fn(),
    showAbout: vi.fn(),
    openLogsFolder: vi.fn()
  }
  const template = buildMenuTemplate({
    platform: 'linux',
    appName: 'Local Accounts',
    developmentMail: true,
    development: false,
    actions,
    ...overrides
  })
  return { template, actions }
}

const items = (entry: MenuItemConstructorOptions): MenuItemConstructorOptions[] =>
  Array.isArray(entry.submenu) ? entry.submenu : []
const allItems = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  template.flatMap((entry) => [entry, ...allItems(items(entry))])
const byId = (template: MenuItemConstructorOptions[], id: string) => allItems(template).find((item) => item.id === id)
const topLabels = (template: MenuItemConstructorOptions[]) => template.map((entry) => entry.label)

describe('the application menu', () => {
  it.each(['linux', 'win32'] as const)('has File, Edit, View, Window, Help on %s', (platform) => {
    expect(topLabels(menu({ platform }).template)).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
  })

  it('on macOS, puts the app menu first and keeps the same five after it', () => {
    const { template } = menu({ platform: 'darwin' })
    expect(topLabels(template)).toEqual(['Local Accounts', 'File', 'Edit', 'View', 'Window', 'Help'])
    expect(items(template[0]).map((item) => item.role ?? item.id ?? item.type)).toEqual([
      'about',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit'
    ])
  })

  it('offers About and Open Logs Folder under Help on every platform, and they do what they say', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const { template, actions } = menu({ platform })
      const help = items(template.find((entry) => entry.label === 'Help') as MenuItemConstructorOptions)
      expect(
        help.map((item) => item.label),
        platform
      ).toEqual(['About Local Accounts', 'Open Logs Folder'])
      ;(help[0].click as () => void)()
      ;(help[1].click as () => void)()
      expect(actions.showAbout).toHaveBeenCalledOnce()
      expect(actions.openLogsFolder).toHaveBeenCalledOnce()
    }
  })

  it('shows the Mail log item only in development mail mode', () => {
    const { template, actions } = menu({ developmentMail: true })
    ;(byId(template, 'open-mail-log')?.click as () => void)()
    expect(actions.openMailLog).toHaveBeenCalledOnce()
    expect(byId(menu({ developmentMail: false }).template, 'open-mail-log')).toBeUndefined()
    expect(JSON.stringify(menu({ developmentMail: false }).template)).not.toMatch(/Mail log/)
  })

  it('opens a new window from File → New Window', () => {
    const { template, actions } = menu()
    expect(items(template[0]).map((item) => item.id ?? item.role ?? item.type)).toEqual([
      'new-window',
      'separator',
      'lock',
      'log-out',
      'separator',
      'quit'
    ])
    ;(byId(template, 'new-window')?.click as () => void)()
    expect(actions.newWindow).toHaveBeenCalledOnce()
  })

  it('offers developer tools only in development', () => {
    const roles = (development: boolean) => allItems(menu({ development }).template).map((item) => item.role)
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(true)).toContain('toggleDevTools')
  })

  it('gives every item something to do and unique ids', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const all = allItems(menu({ platform }).template)
      for (const item of all) {
        expect(
          Boolean(item.role || item.click || item.submenu || item.type === 'separator'),
          JSON.stringify(item)
        ).toBe(true)
      }
      const ids = all.map((item) => item.id).filter(Boolean)
      // About appears twice on macOS (app menu and Help): the same item object.
      expect(new Set(ids).size).toBe(new Set(all.filter((item) => item.id)).size)
    }
  })

  it('locks and logs out the focused window from File → Lock (Ctrl/Cmd+L) and File → Log out', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const { template, actions } = menu({ platform })
      const focused = { id: 'focused-window' }
      const lock = byId(template, 'lock')
      expect(lock, platform).toMatchObject({ label: 'Lock', accelerator: 'CmdOrCtrl+L' })
      expect(byId(template, 'log-out'), platform).toMatchObject({ label: 'Log out' })
      ;(lock?.click as (item: unknown, window: unknown) => void)({}, focused)
      ;(byId(template, 'log-out')?.click as (item: unknown, window: unknown) => void)({}, focused)
      expect(actions.lock).toHaveBeenCalledWith(focused)
      expect(actions.logOut).toHaveBeenCalledWith(focused)
    }
  })
})
