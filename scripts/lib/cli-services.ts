import { resolve } from 'node:path'
import { loadCommonPasswords } from '../../src/main/core/passwords/common-passwords'
import { createServices, type Services } from '../../src/main/core/services'
import type { FixedSettings, Settings } from '../../src/main/core/settings/load-settings'
import type { Db } from '../../src/main/db/database'

/**
 * The core services for a terminal command, without the app's start-up housekeeping (expired
 * sessions, audit pruning): the app may be running on the same folder. Mail is not printed.
 * `fixed`: the keys settings.json or the environment set, which stored settings must not override.
 */
export function cliServices(db: Db, settings: Settings, fixed: FixedSettings = {}): Services {
  return createServices({
    db,
    settings,
    fixedSettings: fixed,
    commonPasswords: loadCommonPasswords(resolve(__dirname, '..', '..', 'resources')),
    mailEvents: { print: () => {} }
  })
}
