import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDataDir } from '../../src/main/app'

describe('the default data folder (the desktop app, createsuperuser and seed alike)', () => {
  it('is Electron’s user-data folder for local-accounts on each platform', () => {
    expect(defaultDataDir({}, 'linux', '/home/ann')).toBe(join('/home/ann', '.config', 'local-accounts'))
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ann')).toBe(join('/cfg', 'local-accounts'))
    expect(defaultDataDir({}, 'darwin', '/Users/ann')).toBe(
      join('/Users/ann', 'Library', 'Application Support', 'local-accounts')
    )
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe(
      join('C:\\Users\\ann\\AppData\\Roaming', 'local-accounts')
    )
  })
})
