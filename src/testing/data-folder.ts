import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAppCore } from '../main/app'
import type { KitOptions, Person, SettingsFile } from './api'
import { packageRoot } from './package-root'

/** The administrator every data folder starts with, unless `seed: 'empty'`. */
export const ADMIN: Readonly<Person> = Object.freeze({
  username: 'admin',
  email: 'admin@example.com',
  password: 'Harbour-lights-7-admin'
})

export const resourcesDir = join(packageRoot, 'resources')

export function settingsFile(settings: KitOptions['settings']): SettingsFile | null {
  if (settings === null) return null
  return typeof settings.build === 'function' ? (settings.build as () => SettingsFile)() : settings
}

/**
 * A fresh data folder for one test: settings.json first (it decides how the administrator's
 * password is hashed), then the administrator, made by the app's own services as
 * `npm run createsuperuser` would, before the app starts.
 */
export async function prepareDataFolder(options: Pick<KitOptions, 'seed' | 'settings' | 'env'>): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-accounts-test-'))
  const settings = settingsFile(options.settings)
  if (settings) writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings))
  if (options.seed === 'admin') {
    const core = createAppCore({ dataDir, resourcesDir, env: options.env, printMail: () => undefined })
    try {
      await core.services.accounts.createAccount(
        { ...ADMIN, passwordConfirmation: ADMIN.password },
        { isAdmin: true, auditKind: 'createsuperuser' }
      )
    } finally {
      core.close()
    }
  }
  return dataDir
}
