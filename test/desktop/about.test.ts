import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { aboutText, SHIPPED_LICENCES } from '../../src/main/desktop/about'

const root = resolve(__dirname, '../..')
const manifest = (name: string) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'))

describe('Help → About', () => {
  it('shows the version, the data and logs folders, and the licences', () => {
    const about = aboutText({
      appName: 'Local Accounts',
      version: '1.2.3',
      dataDir: '/home/ann/.config/local-accounts',
      logsDir: '/home/ann/.config/local-accounts/logs',
      versions: { electron: '45.5.0', chrome: '140.0', node: '22.1.0' }
    })
    expect(about.title).toBe('About Local Accounts')
    expect(about.message).toBe('Local Accounts 1.2.3')
    expect(about.detail).toContain('Electron 45.5.0')
    expect(about.detail).toContain('Data folder: /home/ann/.config/local-accounts')
    expect(about.detail).toContain('Logs: /home/ann/.config/local-accounts/logs')
    expect(about.detail).toContain('released under the MIT licence')
    expect(about.detail).toContain('• better-sqlite3 — MIT')
  })

  it('names every shipped package with the licence its own package.json declares', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    // What the renderer bundle contains besides our code (everything else there is dev-only).
    const bundled = ['react', 'react-dom', 'zustand']
    for (const name of [...Object.keys(pkg.dependencies), ...bundled]) {
      const entry = SHIPPED_LICENCES.find((item) => item.name === name)
      expect(entry, `${name} is shipped but missing from About`).toBeDefined()
      expect(entry?.licence.startsWith(manifest(name).license), name).toBe(true)
    }
    expect(pkg.license).toBe('MIT')
  })
})
