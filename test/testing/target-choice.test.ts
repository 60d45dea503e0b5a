import { describe, expect, it } from 'vitest'
import { chooseTarget } from '../../src/testing/target-choice'

const present = () => ({ executablePath: '/opt/electron/electron', appArgs: ['out/main/index.js'] })
const missing = () => ({ missing: 'no Electron binary on this machine' })
/** Playwright's testInfo.skip throws to end the test; so does this. */
const skip = (reason: string): never => {
  throw new Error(`skipped: ${reason}`)
}

describe('which target a test runs on', () => {
  it('is Electron where it can run, else the browser', () => {
    expect(chooseTarget(undefined, {}, present, skip)).toEqual(present())
    expect(chooseTarget(undefined, {}, missing, skip)).toEqual({ target: 'browser' })
  })

  it('is what LOCAL_ACCOUNTS_TARGET forces, and forced Electron that cannot run fails with the reason', () => {
    expect(chooseTarget(undefined, { LOCAL_ACCOUNTS_TARGET: 'browser' }, present, skip)).toEqual({ target: 'browser' })
    expect(() => chooseTarget(undefined, { LOCAL_ACCOUNTS_TARGET: 'electron' }, missing, skip)).toThrow(
      'LOCAL_ACCOUNTS_TARGET=electron, but the app cannot run in Electron here: no Electron binary on this machine'
    )
    expect(() => chooseTarget(undefined, { LOCAL_ACCOUNTS_TARGET: 'Electron ' }, present, skip)).toThrow(
      /must be electron or browser/
    )
  })

  it('is the project’s choice first; a project on Electron where it cannot run is skipped with the reason', () => {
    expect(chooseTarget('browser', { LOCAL_ACCOUNTS_TARGET: 'electron' }, present, skip)).toEqual({
      target: 'browser'
    })
    expect(() => chooseTarget('electron', {}, missing, skip)).toThrow(
      'skipped: Electron end-to-end skipped: no Electron binary on this machine'
    )
  })
})
