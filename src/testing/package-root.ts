import { resolve } from 'node:path'

/**
 * The Local Accounts package: src/testing/.. in this repository, out/testing/.. where the kit is
 * built into; both are two folders down, so one line serves both.
 */
export const packageRoot = resolve(__dirname, '../..')
