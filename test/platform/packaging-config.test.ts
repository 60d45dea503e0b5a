import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ELECTRON_SQLITE_BINDING } from '../../src/main/desktop/native'

/**
 * electron-builder's configuration, checked here because packaging itself needs the internet
 * (it fetches Electron). Its own JSON schema says which keys exist, so a misspelt fuse or
 * option fails here instead of being ignored on a user's machine.
 */
const root = resolve(__dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const build = pkg.build
const scheme = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'))

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file)
  expect(bytes.subarray(1, 4).toString('latin1'), file).toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe('electron-builder configuration', () => {
  it('burns in the fuses that close Node back doors and pin the app to its signed archive', () => {
    expect(build.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true
    })
    // Pages are file:// module scripts, which need this privilege: it must stay on.
    expect(build.electronFuses).not.toHaveProperty('grantFileProtocolExtraPrivileges', false)
    // The integrity fuse protects the asar archive only if there is one.
    expect(build.asar).not.toBe(false)
  })

  it('uses only options electron-builder knows', () => {
    const known = (definition: { properties: Record<string, unknown> }, keys: string[], where: string) => {
      for (const key of keys) expect(Object.keys(definition.properties), `${where}.${key}`).toContain(key)
    }
    known(scheme, Object.keys(build), 'build')
    known(scheme.definitions.FuseOptionsV1, Object.keys(build.electronFuses), 'build.electronFuses')
    known(scheme.definitions.LinuxConfiguration, Object.keys(build.linux), 'build.linux')
    known(scheme.definitions.WindowsConfiguration, Object.keys(build.win), 'build.win')
    known(scheme.definitions.MacConfiguration, Object.keys(build.mac), 'build.mac')
  })

  it('includes files that exist: out/ from the build, resources/, and the Electron better-sqlite3', () => {
    const made: Record<string, string> = {
      out: 'electron-vite build (checked in test/platform/build-output.test.ts)',
      native: 'scripts/prepare-electron-native.ts (checked in test/platform/prepare-electron-native.test.ts)'
    }
    for (const pattern of build.files as string[]) {
      const top = pattern.split('/')[0]
      if (made[top]) continue
      expect(existsSync(join(root, top)), pattern).toBe(true)
    }
    expect(build.files).toEqual(expect.arrayContaining(['out/**', 'resources/**', 'native/**', 'package.json']))
    expect(ELECTRON_SQLITE_BINDING.startsWith('native/')).toBe(true)
    // A .node file cannot be loaded from inside the archive.
    expect(build.asarUnpack).toContain('native/**')
    expect(build.npmRebuild).toBe(false)
    expect(pkg.dependencies).toHaveProperty('better-sqlite3')
  })

  it('prepares Electron and its better-sqlite3 before start, dev and package, with no npx anywhere', () => {
    for (const name of ['start', 'dev', 'package']) {
      expect(pkg.scripts[name], name).toMatch(/^tsx scripts\/prepare-electron-native\.ts && /)
    }
    for (const [name, command] of Object.entries(pkg.scripts)) expect(command, name).not.toMatch(/\bnpx\b/)
    for (const file of readdirSync(join(root, 'scripts'), { recursive: true }) as string[]) {
      if (!file.endsWith('.ts')) continue
      const code = readFileSync(join(root, 'scripts', file), 'utf8')
      expect(code, file).not.toMatch(/['"`]npx['"`\s]/)
    }
  })
})

describe('the app icon', () => {
  const icons = join(root, 'resources/icons')

  it('has an SVG source the PNGs are rendered from', () => {
    expect(readFileSync(join(root, 'resources/icon.svg'), 'utf8')).toMatch(/<svg[^>]+viewBox="0 0 1024 1024"/)
  })

  it('exists at every size Linux desktops use, each PNG the size its name says', () => {
    expect(build.linux.icon).toBe('resources/icons')
    const sizes = readdirSync(icons).map((name) => {
      const [, width, height] = /^(\d+)x(\d+)\.png$/.exec(name) ?? []
      expect(pngSize(join(icons, name)), name).toEqual({ width: Number(width), height: Number(height) })
      return Number(width)
    })
    expect(sizes).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256, 512]))
  })

  it('gives Windows at least 256×256 and macOS at least 512×512, square', () => {
    const win = pngSize(join(root, build.win.icon))
    expect(win.width).toBeGreaterThanOrEqual(256)
    expect(win.height).toBe(win.width)
    const mac = pngSize(join(root, build.mac.icon))
    expect(mac.width).toBeGreaterThanOrEqual(512)
    expect(mac.height).toBe(mac.width)
  })
})
